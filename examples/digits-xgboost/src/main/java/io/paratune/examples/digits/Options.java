package io.paratune.examples.digits;

import java.util.Optional;

/**
 * Command-line options of the example.
 *
 * @param trials how many trials the study runs
 * @param parallelism how many trials run at once
 * @param seed seeds the data split, the sampler and XGBoost
 */
record Options(int trials, int parallelism, long seed) {
    static final int DEFAULT_TRIALS = 128;
    static final int DEFAULT_PARALLELISM = 4;
    static final long DEFAULT_SEED = 42;

    static final String USAGE = """
            usage: bin/demo [--trials N] [--parallelism N] [--seed N]
              --trials N       trials to run (default %d)
              --parallelism N  trials running at once, one thread each (default %d)
              --seed N         seed for the data split, the sampler and XGBoost (default %d)
            """.formatted(DEFAULT_TRIALS, DEFAULT_PARALLELISM, DEFAULT_SEED);

    /**
     * Parses {@code --name value} or {@code --name=value} options.
     *
     * @return the options, or empty when help was asked for
     * @throws IllegalArgumentException naming the option and the bad value
     */
    static Optional<Options> parse(String... args) {
        int trials = DEFAULT_TRIALS;
        int parallelism = DEFAULT_PARALLELISM;
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return Optional.empty();
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            switch (name) {
                case "--trials" -> trials = (int) number(name, value, 1, 100_000);
                case "--parallelism" -> parallelism = (int) number(name, value, 1, 1024);
                case "--seed" -> seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option '" + arg + "'; use --trials, --parallelism or --seed");
            }
        }
        return Optional.of(new Options(trials, parallelism, seed));
    }

    private static long number(String name, String value, long min, long max) {
        if (value == null) {
            throw new IllegalArgumentException(name + " needs a value, as in " + name + " 8");
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " '" + value + "' is not a whole number; give one, as in " + name + " 8");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " " + n + " is out of range; give " + min + ".." + max);
        }
        return n;
    }
}
