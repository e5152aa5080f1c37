package org.reflow.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.store.CorruptArtifactException;
import org.reflow.store.NpyArray;
import org.reflow.store.Npz;
import org.reflow.store.NpzContents;
import org.reflow.store.Sha256;

/**
 * A training checkpoint on disk: an .npz that numpy opens ({@code np.load(f)["params/layer0.weight"]}),
 * holding the parameters, Adam's moments and the EMA, plus {@code meta.json} with the
 * architecture, the step and the caller's facts (stage, loss, ...). The same checkpoint always
 * gives the same bytes, so its SHA-256 identifies it.
 */
public final class CheckpointFile {

  static final String FORMAT = "reflow.checkpoint/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CheckpointFile() {}

  /** Writes the checkpoint (atomically: temporary file, then rename) and returns its SHA-256. */
  public static String write(Path file, TrainingCheckpoint checkpoint, Map<String, Object> facts) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    ModelSpec spec = checkpoint.spec();
    Map<String, int[]> shapes = shapes(spec);
    put(arrays, "params/", checkpoint.parameters(), shapes);
    put(arrays, "adam_m/", checkpoint.firstMoment(), shapes);
    put(arrays, "adam_v/", checkpoint.secondMoment(), shapes);
    checkpoint.ema().ifPresent(e -> put(arrays, "ema/", e, shapes));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("step", checkpoint.step());
    meta.put("optimizerSteps", checkpoint.optimizerSteps());
    Map<String, Object> model = new LinkedHashMap<>(Map.of(
        "dim", spec.dim(), "hidden", spec.hidden(),
        "activation", spec.activation().toString(), "time", spec.time().toString()));
    spec.unet().ifPresent(u -> model.put("unet", Map.of("channels", u.channels(), "mult", u.mult(), "groups", u.groups())));
    meta.put("model", model);
    meta.put("facts", new LinkedHashMap<>(facts));
    try {
      byte[] metaBytes = JSON.writeValueAsString(sorted(meta)).getBytes(StandardCharsets.UTF_8);
      Npz.write(file, arrays, Map.of("meta.json", metaBytes));
      return Sha256.hex(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a checkpoint, first checking that its bytes hash to {@code expectedSha256} when given.
   *
   * @throws CorruptArtifactException naming the file when the hash differs
   */
  public static TrainingCheckpoint read(Path file, Optional<String> expectedSha256) {
    try {
      if (expectedSha256.isPresent()) {
        String actual = Sha256.hex(file);
        if (!actual.equals(expectedSha256.get())) {
          throw new CorruptArtifactException(file, expectedSha256.get(), actual,
              "restore it from a copy, or delete it and re-run the stage that wrote it");
        }
      }
      NpzContents contents = Npz.read(file);
      byte[] metaBytes = contents.otherEntries().get("meta.json");
      if (metaBytes == null) {
        throw new IllegalArgumentException(file + " is not a reflow checkpoint: it has no meta.json");
      }
      Map<?, ?> meta = JSON.readValue(metaBytes, Map.class);
      if (!FORMAT.equals(meta.get("format"))) {
        throw new IllegalArgumentException(file + " has checkpoint format " + meta.get("format")
            + "; this reflow reads " + FORMAT);
      }
      ModelSpec spec = specOf((Map<?, ?>) meta.get("model"));
      boolean hasEma = contents.arrays().keySet().stream().anyMatch(k -> k.startsWith("ema/"));
      return new TrainingCheckpoint(
          spec,
          ((Number) meta.get("step")).longValue(),
          take(contents, "params/", file),
          take(contents, "adam_m/", file),
          take(contents, "adam_v/", file),
          ((Number) meta.get("optimizerSteps")).longValue(),
          hasEma ? Optional.of(take(contents, "ema/", file)) : Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static ModelSpec specOf(Map<?, ?> model) {
    List<Integer> hidden = new ArrayList<>();
    for (Object h : (List<?>) model.get("hidden")) {
      hidden.add(((Number) h).intValue());
    }
    Optional<UnetSpec> unet = Optional.ofNullable((Map<?, ?>) model.get("unet")).map(u -> new UnetSpec(
        ((Number) u.get("channels")).intValue(), integers((List<?>) u.get("mult")), ((Number) u.get("groups")).intValue()));
    return new ModelSpec(
        ((Number) model.get("dim")).intValue(), hidden,
        Activation.parse((String) model.get("activation")), TimeEncoding.parse((String) model.get("time")),
        Engine.AUTO, unet);
  }

  private static List<Integer> integers(List<?> values) {
    List<Integer> out = new ArrayList<>();
    for (Object v : values) {
      out.add(((Number) v).intValue());
    }
    return out;
  }

  /** Each tensor's shape by name, in the order the file stores them: the MLP's layers, or the U-Net's graph. */
  private static Map<String, int[]> shapes(ModelSpec spec) {
    if (spec.unet().isPresent()) {
      return GraphModel.shapes(spec);
    }
    Map<String, int[]> out = new LinkedHashMap<>(); // as ParameterSet lays them out, without allocating them
    for (int l = 0; l < spec.layers(); l++) {
      out.put("layer" + l + ".weight", new int[] {spec.fanIn(l), spec.fanOut(l)});
      out.put("layer" + l + ".bias", new int[] {1, spec.fanOut(l)});
    }
    return out;
  }

  private static void put(Map<String, NpyArray> arrays, String prefix, Map<String, float[]> tensors, Map<String, int[]> shapes) {
    shapes.forEach((name, shape) -> arrays.put(prefix + name, new NpyArray(shape, tensors.get(name))));
  }

  private static Map<String, float[]> take(NpzContents contents, String prefix, Path file) {
    Map<String, float[]> out = new LinkedHashMap<>();
    contents.arrays().forEach((name, array) -> {
      if (name.startsWith(prefix)) {
        out.put(name.substring(prefix.length()), array.data());
      }
    });
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " has no '" + prefix + "*' arrays; it is not a complete checkpoint");
    }
    return out;
  }

  /** Keys in sorted order at every level, so equal metadata gives equal bytes. */
  @SuppressWarnings("unchecked")
  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.TreeMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
      return out;
    }
    return value;
  }
}
