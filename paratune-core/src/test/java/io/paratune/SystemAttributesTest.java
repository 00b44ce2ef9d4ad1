package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.sampler.Sampler;
import io.paratune.sampler.cmaes.CmaEsSampler;
import io.paratune.sampler.nsga.NsgaIISampler;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import io.paratune.storage.Storage;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The system-attribute keys are named once, in {@link SystemAttributes}, and old keys are still read. */
class SystemAttributesTest {
    private static final SearchSpace SPACE =
            SearchSpace.of(FloatDistribution.of("x", -2, 2), FloatDistribution.of("y", -2, 2));

    @Test
    void noMainSourceWritesAKeyOfTheHolderAsALiteral() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Field f : SystemAttributes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                keys.add((String) f.get(null));
            }
        }
        assertThat(keys).contains("fixed_params", "retry_of", "cli.new_trial", "sampler.cmaes:generation");
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("paratune-"))
                    .toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path file : files.filter(p -> p.toString().endsWith(".java")
                                    && !p.getFileName().toString().equals("SystemAttributes.java"))
                            .toList()) {
                        for (String line : read(file).split("\n")) {
                            String code = line.strip();
                            if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
                                continue; // documentation may name a key
                            }
                            for (String key : keys) {
                                // a plain word ("cmaes", "constraints") is also a sampler's or a parameter's
                                // name: it counts where the line is about attributes
                                boolean distinctive = key.matches(".*[._:].*");
                                if (code.contains("\"" + key + "\"") && (distinctive || code.contains("ttribute"))) {
                                    found.add(root.relativize(file) + ": " + code);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(found).as("use the constants of SystemAttributes").isEmpty();
    }

    @Test
    void cmaEsResumesFromTrialsTaggedWithTheOldKey() {
        assertResumesFromOldKey(
                () -> CmaEsSampler.seeded(5),
                SystemAttributes.CMAES_GENERATION,
                SystemAttributes.LEGACY_CMAES_GENERATION,
                Direction.MINIMIZE);
    }

    @Test
    void nsgaResumesFromTrialsTaggedWithTheOldKey() {
        assertResumesFromOldKey(
                () -> NsgaIISampler.builder().seed(5).populationSize(4).build(),
                SystemAttributes.NSGA_GENERATION,
                SystemAttributes.LEGACY_NSGA_GENERATION,
                Direction.MINIMIZE,
                Direction.MINIMIZE);
    }

    /**
     * Runs a study, copies its trials into two new studies, one with the key renamed to its old
     * name, and asks both for the next trials with a fresh sampler: the same proposals.
     */
    private static void assertResumesFromOldKey(
            Supplier<Sampler> sampler, String key, String legacy, Direction... directions) {
        Study original =
                Study.builder().sampler(sampler.get()).directions(directions).create();
        for (int i = 0; i < 16; i++) {
            Trial t = original.ask(SPACE);
            double x = (double) t.params().get("x");
            double y = (double) t.params().get("y");
            double[] values = directions.length == 1
                    ? new double[] {x * x + y * y}
                    : new double[] {x * x + y * y, (x - 1) * (x - 1) + y * y};
            original.tell(t, values);
        }
        assertThat(original.trials())
                .as("the sampler tags its trials")
                .anyMatch(t -> t.systemAttributes().containsKey(key));
        Study current = copy(original, sampler.get(), key, key, directions);
        Study old = copy(original, sampler.get(), key, legacy, directions);
        for (int i = 0; i < 4; i++) {
            Trial a = current.ask(SPACE);
            Trial b = old.ask(SPACE);
            assertThat(b.params()).as("proposal %d", i).isEqualTo(a.params());
            double[] values = directions.length == 1 ? new double[] {i} : new double[] {i, 2.0};
            current.tell(a, values);
            old.tell(b, values);
        }
    }

    private static Study copy(Study from, Sampler sampler, String key, String as, Direction... directions) {
        Storage storage = Storage.inMemory();
        Study to = Study.builder()
                .storage(storage)
                .sampler(sampler)
                .directions(directions)
                .create();
        for (FrozenTrial t : from.trials()) {
            Map<String, Object> system = new LinkedHashMap<>(t.systemAttributes());
            Object tag = system.remove(key);
            if (tag != null) {
                system.put(as, tag);
            }
            storage.createFinishedTrial(
                    to.id(),
                    new FrozenTrial(
                            -1,
                            -1,
                            t.state(),
                            t.internalParams(),
                            t.distributions(),
                            t.values(),
                            t.intermediateValues(),
                            t.started(),
                            t.finished(),
                            t.userAttributes(),
                            system,
                            t.failureMessage()));
        }
        return to;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
