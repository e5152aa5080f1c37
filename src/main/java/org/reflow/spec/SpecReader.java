package org.reflow.spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reflow.flow.Activation;
import org.reflow.flow.Engine;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.TimeEncoding;
import org.reflow.flow.UnetSpec;
import org.reflow.flow.solve.Solver;
import org.reflow.store.Sha256;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.reflow.text.Suggest;

/**
 * Reads an experiment file into a validated {@link ExperimentSpec}, or throws a
 * {@link SpecException} listing every problem with its file, line, column and field path. The
 * YAML is composed into plain nodes only (no type construction from tags), so loading a file
 * cannot run code.
 */
public final class SpecReader {

  private static final Set<String> TOP_KEYS = StageReader.orderedSet(
      "experiment", "seed", "replicates", "sweep", "max_stages", "data", "model", "defaults", "stages", "evaluation");
  /** The most stages a run may expand to (variants × replicates × stages) unless the spec's max_stages says more. */
  public static final int DEFAULT_MAX_STAGES = 200;
  /** The highest max_stages may go: each stage is a record in the run's state and a row of its summary. */
  private static final int HIGHEST_MAX_STAGES = 10_000;
  private static final Set<String> DATA_KEYS = StageReader.orderedSet("source", "target");
  private static final Set<String> MODEL_KEYS = StageReader.orderedSet("hidden", "activation", "time", "engine", "unet");
  private static final Set<String> UNET_KEYS = StageReader.orderedSet("channels", "mult", "groups");
  private static final Set<String> EVALUATION_KEYS = StageReader.orderedSet("every", "samples", "solvers", "metrics");

  private final String label;
  private final Path baseDirectory;
  /** Whether array sources are opened (checked, measured, hashed); an outline opens no file. */
  private final boolean openData;
  private final Nodes nodes;
  /** The data files read so far, by absolute path. */
  private final Map<String, String> dataSha256 = new LinkedHashMap<>();
  private final SourceReader sources;

  /** What one pass over the text found, before it becomes a spec or an outline. */
  private record Read(Node root, String name, long seed, Map<String, Node> data, Optional<SourceSpec> source,
      Optional<SourceSpec> target, Optional<ModelSpec> model, Map<String, StageSpec> stages, EvaluationSpec evaluation,
      int replicates, Sweep sweep, long maxStages) {

    boolean expanded() {
      return replicates > 1 || !sweep.isEmpty();
    }
  }

  /** A variant's own reading of the spec, with its sweep point set. */
  private record VariantRead(Variant variant, Read read) {}

  private SpecReader(String label, Path baseDirectory, boolean openData) {
    this.label = label;
    this.baseDirectory = baseDirectory;
    this.openData = openData;
    this.nodes = new Nodes(label);
    this.sources = new SourceReader(nodes, baseDirectory, openData, dataSha256);
  }

  /** Reads and validates {@code file} with the {@code --set} assignments applied. */
  public static ExperimentSpec read(Path file, List<String> overrides) {
    String text = SpecText.read(file);
    Path dir = file.toAbsolutePath().getParent();
    return new SpecReader(file.toString(), dir, true).parse(text, overrides);
  }

  /** Reads spec text; relative data paths resolve against {@code baseDirectory}. */
  public static ExperimentSpec parse(String text, String label, Path baseDirectory, List<String> overrides) {
    return new SpecReader(label, baseDirectory, true).parse(text, overrides);
  }

  /**
   * Reads and validates the spec a run recorded for what it names, opening none of its data files:
   * for the read side, which answers from the journal alone even when a data file moved or changed.
   */
  public static SpecOutline outline(String text, String label) {
    SpecReader reader = new SpecReader(label, Path.of("."), false);
    Read read = reader.read(text, List.of(), Map.of());
    List<VariantRead> variants = reader.variants(text, List.of(), read);
    return new SpecOutline(written(read.data().get("source")), written(read.data().get("target")), stagesOf(variants),
        variants.stream().map(VariantRead::variant).toList());
  }

  private ExperimentSpec parse(String text, List<String> overrides) {
    Read read = read(text, overrides, Map.of());
    List<VariantRead> variants = variants(text, overrides, read);
    String effective = overrides.isEmpty() ? text : dump(read.root());
    List<ExperimentSpec.VariantSpec> specs = variants.stream().map(v -> new ExperimentSpec.VariantSpec(v.variant(),
        v.read().source().orElseThrow(), v.read().target().orElseThrow(), v.read().model().orElseThrow())).toList();
    return new ExperimentSpec(read.name(), read.seed(), specs.get(0).source(), specs.get(0).target(),
        specs.get(0).model(), stagesOf(variants), read.evaluation(), effective,
        Sha256.hex(effective.getBytes(StandardCharsets.UTF_8)), baseDirectory.toAbsolutePath().normalize().toString(),
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dataSha256)), specs);
  }

  /**
   * The spec's variants: for a plain spec one, named "", that is {@code read} itself; otherwise each
   * sweep point read again with its values set (so a value is validated like the file), at each
   * replicate's seed. Throws every problem of every variant at once, each naming its variant.
   */
  private List<VariantRead> variants(String text, List<String> overrides, Read read) {
    if (!read.expanded()) {
      Map<String, String> ids = new LinkedHashMap<>();
      read.stages().keySet().forEach(id -> ids.put(id, id));
      return List.of(new VariantRead(new Variant("", "", 0, read.seed(), Map.of(), ids), read));
    }
    long points = read.sweep().size();
    long total = points * read.replicates() * read.stages().size();
    Node root = read.root();
    Map<String, Node> top = nodes.mapping(root, "", TOP_KEYS);
    long cap = read.maxStages();
    if (total > cap) {
      nodes.error(top.getOrDefault("sweep", top.get("replicates")), read.sweep().isEmpty() ? "replicates" : "sweep",
          "the run would expand to " + points + " variant(s) × " + read.replicates() + " replicate(s) × "
          + read.stages().size() + " stage(s) = " + total + " stages, over the limit of " + cap
          + " (max_stages); narrow the grid, or raise the limit with max_stages: " + total + " if the machine can take it");
    }
    read.stages().keySet().stream().filter(id -> id.contains("/")).forEach(id -> nodes.error(firstStageNode(top.get("stages"), id),
        "stages." + id, "a stage id with '/' cannot be replicated or swept: '/' separates a variant from its stage; rename it"));
    if (read.seed() > Long.MAX_VALUE - read.replicates()) {
      nodes.error(top.get("seed"), "seed", "seed + replicates passes " + Long.MAX_VALUE + "; use a smaller seed");
    }
    if (!nodes.errors().isEmpty()) {
      throw new SpecException(nodes.errors());
    }
    List<VariantRead> out = new ArrayList<>();
    Set<SpecError> problems = new java.util.LinkedHashSet<>();
    for (Sweep.Point point : read.sweep().points()) {
      Read own = read;
      if (!point.values().isEmpty()) {
        SpecReader reader = new SpecReader(label, baseDirectory, openData);
        try {
          own = reader.read(text, overrides, point.values());
          dataSha256.putAll(reader.dataSha256);
        } catch (SpecException e) {
          e.errors().forEach(err -> problems.add(new SpecError(err.file(), err.line(), err.column(), err.path(),
              "in sweep variant " + point.name() + ": " + err.message())));
          continue;
        }
      }
      for (int k = 0; k < read.replicates(); k++) {
        long seed = read.seed() + k;
        String name = String.join("/", java.util.stream.Stream.of(point.name(), read.replicates() > 1 ? "s" + seed : "")
            .filter(p -> !p.isEmpty()).toList());
        Map<String, String> ids = new LinkedHashMap<>();
        own.stages().keySet().forEach(id -> ids.put(name + "/" + id, id));
        out.add(new VariantRead(new Variant(name, point.name(), k, seed, point.written(), ids), own));
      }
    }
    if (!problems.isEmpty()) {
      throw new SpecException(List.copyOf(problems));
    }
    return out;
  }

  /** Every variant's stages under their run ids, teacher and init renamed to the variant's own. */
  private static Map<String, StageSpec> stagesOf(List<VariantRead> variants) {
    Map<String, StageSpec> stages = new LinkedHashMap<>();
    for (VariantRead v : variants) {
      Variant variant = v.variant();
      v.read().stages().values().forEach(s -> stages.put(variant.stage(s.id()), new StageSpec(variant.stage(s.id()),
          s.kind(), s.teacher().map(variant::stage), s.init().map(variant::stage), s.coupling(), s.pairs(), s.train(),
          s.checkpointEvery())));
    }
    return java.util.Collections.unmodifiableMap(stages);
  }

  /** One pass over the text with the overrides (then a sweep point's values) applied; throws every problem found at once. */
  private Read read(String text, List<String> overrides, Map<String, Node> point) {
    Node root = SpecText.compose(text, label).orElse(null);
    if (root == null) {
      throw new SpecException(List.of(new SpecError(label, 0, 0, "", "the file is empty; see experiments/three-gaussians.yaml for a complete example")));
    }
    List<String> overrideProblems = Overrides.apply(root, overrides);
    point.forEach((path, value) -> Overrides.put(root, path, value, "sweep." + path).ifPresent(overrideProblems::add));
    if (!overrideProblems.isEmpty()) {
      throw new SpecException(overrideProblems.stream().map(p -> new SpecError(label, 0, 0, "", p)).toList());
    }
    Map<String, Node> top = nodes.mapping(root, "", TOP_KEYS);
    for (String required : List.of("experiment", "seed", "data", "stages")) {
      if (!top.containsKey(required) && root instanceof MappingNode) {
        nodes.error(root, required, "missing; every experiment names 'experiment', 'seed', 'data' and 'stages'");
      }
    }
    String name = top.containsKey("experiment") ? nodes.text(top.get("experiment"), "experiment").orElse("") : "";
    long seed = top.containsKey("seed") ? nodes.integer(top.get("seed"), "seed", 0).orElse(0L) : 0;
    Optional<SourceSpec> source = Optional.empty();
    Optional<SourceSpec> target = Optional.empty();
    Map<String, Node> data = Map.of();
    if (top.containsKey("data")) {
      data = nodes.mapping(top.get("data"), "data", DATA_KEYS);
      for (String side : List.of("source", "target")) {
        if (!data.containsKey(side) && top.get("data") instanceof MappingNode) {
          nodes.error(top.get("data"), "data." + side, "missing; give π0 as data.source and π1 as data.target");
        }
      }
      source = Optional.ofNullable(data.get("source")).flatMap(n -> sources.source(n, "data.source"));
      target = Optional.ofNullable(data.get("target")).flatMap(n -> sources.source(n, "data.target"));
      source = sources.inferDim(source, target, data.get("source"), "data.source");
      target = sources.inferDim(target, source, data.get("target"), "data.target");
      if (source.isPresent() && target.isPresent() && source.get().dim() != target.get().dim()) {
        nodes.error(data.get("target"), "data.target", "π1 is " + target.get().dim() + "-dimensional but π0 (data.source) is "
            + source.get().dim() + "-dimensional; a flow maps one space to itself, so both must have the same dimension");
      }
    }
    Optional<ModelSpec> model = source.flatMap(s -> model(top.get("model"), s.dim()));
    Map<String, Node> defaults = top.containsKey("defaults")
        ? nodes.mapping(top.get("defaults"), "defaults", StageReader.orderedSet("train")) : Map.of();
    Map<String, Node> trainDefaults = defaults.containsKey("train")
        ? nodes.mapping(defaults.get("train"), "defaults.train", StageReader.TRAIN_KEYS) : Map.of();
    Map<String, StageSpec> stages = top.containsKey("stages")
        ? new StageReader(nodes).read(top.get("stages"), trainDefaults) : Map.of();
    Plan.of(stages).cycle().ifPresent(cycle -> nodes.error(
        firstStageNode(top.get("stages"), cycle.get(0)), "stages." + cycle.get(0),
        "stages " + String.join(" → ", cycle) + " form a cycle through teacher/init; a stage can only depend on earlier results"));
    EvaluationSpec evaluation = evaluation(top.get("evaluation"));
    int replicates = top.containsKey("replicates") ? nodes.smallInteger(top.get("replicates"), "replicates", 1).orElse(1) : 1;
    Sweep sweep = top.containsKey("sweep") ? Sweep.read(nodes, top.get("sweep")) : Sweep.none();
    long maxStages = top.containsKey("max_stages")
        ? nodes.integer(top.get("max_stages"), "max_stages", 1).orElse((long) DEFAULT_MAX_STAGES) : DEFAULT_MAX_STAGES;
    if (maxStages > HIGHEST_MAX_STAGES) {
      nodes.error(top.get("max_stages"), "max_stages", "at most " + HIGHEST_MAX_STAGES + " stages in one run; split a larger"
          + " grid into several runs (reflow compare puts them side by side)");
    }
    if (!nodes.errors().isEmpty()) {
      throw new SpecException(nodes.errors());
    }
    return new Read(root, name, seed, data, source, target, model, stages, evaluation, replicates, sweep, maxStages);
  }

  private Optional<ModelSpec> model(Node node, int dim) {
    Map<String, Node> m = node == null ? Map.of() : nodes.mapping(node, "model", MODEL_KEYS);
    List<Integer> hidden = new ArrayList<>(List.of(100, 100));
    if (m.containsKey("hidden")) {
      hidden.clear();
      List<Node> widths = nodes.sequence(m.get("hidden"), "model.hidden");
      for (int i = 0; i < widths.size(); i++) {
        nodes.smallInteger(widths.get(i), "model.hidden[" + i + "]", 1).ifPresent(hidden::add);
      }
    }
    Activation activation = m.containsKey("activation")
        ? nodes.parsed(m.get("activation"), "model.activation", Activation::parse).orElse(null) : Activation.TANH;
    TimeEncoding time = m.containsKey("time")
        ? nodes.parsed(m.get("time"), "model.time", TimeEncoding::parse).orElse(null) : new TimeEncoding.Raw();
    Engine engine = m.containsKey("engine")
        ? nodes.parsed(m.get("engine"), "model.engine", Engine::parse).orElse(null) : Engine.AUTO;
    if (activation == null || time == null || engine == null) {
      return Optional.empty();
    }
    if (!m.containsKey("unet")) {
      return Optional.of(new ModelSpec(dim, hidden, activation, time, engine, Optional.empty()));
    }
    return unet(m.get("unet"), dim).flatMap(u -> checked(m.get("unet"), "model.unet",
        () -> ModelSpec.unet(dim, u, time).withEngine(engine)));
  }

  /** {@code unet: {channels: 32, mult: [1, 2, 2], groups: 8}}, each optional (those are the defaults). */
  private Optional<UnetSpec> unet(Node node, int dim) {
    Map<String, Node> u = nodes.mapping(node, "model.unet", UNET_KEYS);
    int channels = u.containsKey("channels") ? nodes.smallInteger(u.get("channels"), "model.unet.channels", 1).orElse(32) : 32;
    int groups = u.containsKey("groups") ? nodes.smallInteger(u.get("groups"), "model.unet.groups", 1).orElse(8) : 8;
    List<Integer> mult = new ArrayList<>(List.of(1, 2, 2));
    if (u.containsKey("mult")) {
      mult.clear();
      List<Node> levels = nodes.sequence(u.get("mult"), "model.unet.mult");
      for (int i = 0; i < levels.size(); i++) {
        nodes.smallInteger(levels.get(i), "model.unet.mult[" + i + "]", 1).ifPresent(mult::add);
      }
    }
    return checked(node, "model.unet", () -> {
      UnetSpec spec = new UnetSpec(channels, mult, groups);
      spec.side(dim);
      return spec;
    });
  }

  /** A value whose constructor's IllegalArgumentException says what is valid, reported at {@code path}. */
  private <T> Optional<T> checked(Node node, String path, java.util.function.Supplier<T> make) {
    try {
      return Optional.of(make.get());
    } catch (IllegalArgumentException e) {
      nodes.error(node, path, e.getMessage());
      return Optional.empty();
    }
  }

  private EvaluationSpec evaluation(Node node) {
    Map<String, Node> m = node == null ? Map.of() : nodes.mapping(node, "evaluation", EVALUATION_KEYS);
    long every = m.containsKey("every") ? nodes.integer(m.get("every"), "evaluation.every", 1).orElse(1000L) : 1000;
    long samples = m.containsKey("samples") ? nodes.integer(m.get("samples"), "evaluation.samples", 2).orElse(1000L) : 1000;
    List<Solver> solvers = new ArrayList<>();
    if (m.containsKey("solvers")) {
      List<Node> list = nodes.sequence(m.get("solvers"), "evaluation.solvers");
      for (int i = 0; i < list.size(); i++) {
        nodes.parsed(list.get(i), "evaluation.solvers[" + i + "]", Solver::parse).ifPresent(solvers::add);
      }
    } else {
      solvers.addAll(List.of(Solver.parse("euler:1"), Solver.parse("euler:2"), Solver.parse("rk45")));
    }
    List<String> metrics = new ArrayList<>();
    if (m.containsKey("metrics")) {
      List<Node> list = nodes.sequence(m.get("metrics"), "evaluation.metrics");
      for (int i = 0; i < list.size(); i++) {
        Node n = list.get(i);
        String p = "evaluation.metrics[" + i + "]";
        nodes.text(n, p).ifPresent(name -> {
          if (EvaluationSpec.METRICS.contains(name)) {
            metrics.add(name);
          } else {
            nodes.error(n, p, "unknown metric '" + Nodes.clip(name) + "'" + Suggest.hint(name, EvaluationSpec.METRICS)
                + "; metrics: " + String.join(", ", EvaluationSpec.METRICS));
          }
        });
      }
    } else {
      metrics.addAll(EvaluationSpec.METRICS);
    }
    return new EvaluationSpec(every, (int) Math.min(samples, Integer.MAX_VALUE), List.copyOf(solvers), List.copyOf(metrics));
  }

  private Node firstStageNode(Node stagesNode, String id) {
    return nodes.namedEntriesQuiet(stagesNode).getOrDefault(id, stagesNode);
  }

  /**
   * A node as written, in the form Java prints a map or list of its scalars ({@code {toy=moons, pool=100}}),
   * for naming a data source; "null" for none.
   */
  private static String written(Node node) {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    if (node instanceof MappingNode mapping) {
      return mapping.getValue().stream().map(t -> written(t.getKeyNode()) + "=" + written(t.getValueNode()))
          .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
    }
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue().stream().map(SpecReader::written).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
    return "null";
  }

  private static String dump(Node root) {
    StringBuilder out = new StringBuilder();
    new Dump(DumpSettings.builder().build()).dumpNode(root, new StreamDataWriter() {
      @Override
      public void write(String str) {
        out.append(str);
      }

      @Override
      public void write(String str, int off, int len) {
        out.append(str, off, off + len);
      }
    });
    return out.charAt(out.length() - 1) == '\n' ? out.toString() : out.append('\n').toString();
  }
}
