package org.reflow.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of one MLP in layer order — weights [fanIn, fanOut] and biases [1, fanOut] as
 * {@code layer<l>.weight}, {@code layer<l>.bias}. Used for parameters, their gradients, Adam's
 * moments and the EMA copy, which share one shape.
 */
public final class ParameterSet {

  private final List<String> names;
  private final List<Matrix> tensors;

  private ParameterSet(List<String> names, List<Matrix> tensors) {
    this.names = names;
    this.tensors = tensors;
  }

  /** Zero tensors shaped for the given architecture. */
  static ParameterSet zeros(ModelSpec spec) {
    List<String> names = new ArrayList<>();
    List<Matrix> tensors = new ArrayList<>();
    for (int l = 0; l < spec.layers(); l++) {
      names.add("layer" + l + ".weight");
      tensors.add(new Matrix(spec.fanIn(l), spec.fanOut(l)));
      names.add("layer" + l + ".bias");
      tensors.add(new Matrix(1, spec.fanOut(l)));
    }
    return new ParameterSet(List.copyOf(names), List.copyOf(tensors));
  }

  Matrix weight(int layer) {
    return tensors.get(2 * layer);
  }

  Matrix bias(int layer) {
    return tensors.get(2 * layer + 1);
  }

  int tensorCount() {
    return tensors.size();
  }

  Matrix tensor(int i) {
    return tensors.get(i);
  }

  /** Total number of scalars. */
  public long size() {
    long n = 0;
    for (Matrix m : tensors) {
      n += m.size();
    }
    return n;
  }

  public List<String> names() {
    return names;
  }

  /** Shape [rows, cols] of the named tensor. */
  public int[] shape(String name) {
    Matrix m = tensors.get(indexOf(name));
    return new int[] {m.rows(), m.cols()};
  }

  /** Copies of every tensor, by name, in layer order. */
  public Map<String, float[]> toArrays() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      out.put(names.get(i), tensors.get(i).toArray());
    }
    return out;
  }

  /** Overwrites every tensor from arrays by name; every name must be present with its size. */
  public void load(Map<String, float[]> arrays) {
    for (int i = 0; i < tensors.size(); i++) {
      float[] source = arrays.get(names.get(i));
      Matrix m = tensors.get(i);
      if (source == null) {
        throw new IllegalArgumentException("missing tensor '" + names.get(i) + "'");
      }
      if (source.length != m.size()) {
        throw new IllegalArgumentException(
            "tensor '" + names.get(i) + "' has " + source.length + " values, the model needs "
                + m.rows() + " x " + m.cols() + " = " + m.size());
      }
      m.copyFrom(source);
    }
  }

  void copyFrom(ParameterSet other) {
    for (int i = 0; i < tensors.size(); i++) {
      tensors.get(i).copyFrom(other.tensors.get(i));
    }
  }

  private int indexOf(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no tensor '" + name + "'; the model has " + names);
    }
    return i;
  }
}
