package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command lines of {@code paratune-bench} that the benchmark scripts ({@code run-*.sh}) and the
 * docs give still parse: every command and option they name exists, and in the scripts, whose
 * variables have defaults, every value is also of the right type and within its bounds.
 */
class BenchInvocationsTest {
    /** {@code -jar} and the benchmark jar, as the scripts and the docs name it. */
    private static final Pattern JAR = Pattern.compile("-jar\\s+(\"\\$JAR\"|\"?\\S*paratune-bench\\.jar\"?)\\s+");

    /** Inline code in Markdown that starts with a command and an option, as in {@code `quality --sampler gp`}. */
    private static final Pattern BARE = Pattern.compile("`(?=[a-z][a-z-]* --)");

    private static final Pattern DEFAULT = Pattern.compile("^(\\w+)=\\$\\{\\1:-\"?([^}\"]*)\"?}");
    private static final Pattern ARRAY = Pattern.compile("^\\s*(\\w+)=\\((.*)\\)\\s*$");
    private static final Pattern FUNCTION = Pattern.compile("^\\s*(\\w+)\\(\\)\\s*\\{");
    private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)[^}]*}|\\$(\\w+|[@#?])");

    /**
     * One command line: the file and line it is on, the words after the jar (or, for {@code bare}
     * inline code without the jar, all its words).
     */
    record Invocation(String where, List<String> words, boolean bare) {}

    @Test
    void everyScriptInvocationParsesWithTheScriptsDefaults() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(Path.of(""))) {
            scripts = files.filter(p -> p.getFileName().toString().matches("run-.*\\.sh"))
                    .sorted()
                    .toList();
        }
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(9);
        List<String> refused = new ArrayList<>();
        for (Path script : scripts) {
            List<Invocation> found = invocations(script);
            assertThat(found).as("invocations in " + script).isNotEmpty();
            for (Invocation i : found) {
                try {
                    CommandLines.parse(i.words().toArray(new String[0]));
                } catch (CommandLine.ParameterException | UsageException e) {
                    refused.add(i + ": " + e.getMessage());
                }
            }
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void everyCommandAndOptionTheDocsNameExists() throws IOException {
        List<Path> docs;
        try (Stream<Path> files = Files.walk(Path.of("..", "docs"))) {
            docs = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        Map<String, CommandLine> commands = BenchMain.commandLine(none, none).getSubcommands();
        List<Invocation> all = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Path doc : docs) {
            for (Invocation i : invocations(doc)) {
                all.add(i);
                CommandLine command = commands.get(i.words().get(0));
                if (command == null && i.bare()) {
                    continue; // inline code of another program
                }
                if (command == null) {
                    unknown.add(i + ": no command " + i.words().get(0));
                    continue;
                }
                for (String word : i.words()) {
                    String option = word.replaceFirst("^\\[", "").split("=", 2)[0];
                    if (option.startsWith("--") && command.getCommandSpec().findOption(option) == null) {
                        unknown.add(i + ": no option " + option);
                    }
                }
            }
        }
        assertThat(all).as("invocations in the docs").hasSizeGreaterThan(30);
        assertThat(all)
                .as("bare invocations in the docs")
                .filteredOn(Invocation::bare)
                .hasSizeGreaterThan(5);
        assertThat(unknown).isEmpty();
    }

    /** The {@code paratune-bench} command lines in a script or a Markdown file, variables replaced. */
    static List<Invocation> invocations(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, String> defaults = new HashMap<>();
        Map<String, List<String>> arrays = new HashMap<>();
        for (String line : lines) {
            Matcher d = DEFAULT.matcher(line);
            if (d.find()) {
                defaults.put(d.group(1), d.group(2));
            }
            Matcher a = ARRAY.matcher(line);
            if (a.matches()) {
                arrays.put(a.group(1), words(a.group(2), defaults, Map.of()));
            }
        }
        List<Invocation> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            if (file.toString().endsWith(".md")) {
                Matcher bare = BARE.matcher(lines.get(n));
                while (bare.find()) {
                    String text = command(lines, n, lines.get(n).substring(bare.end()), true);
                    out.add(new Invocation(file + ":" + (n + 1), words(text, defaults, arrays), true));
                }
            }
            Matcher jar = JAR.matcher(lines.get(n));
            if (!jar.find()) {
                continue;
            }
            String before = lines.get(n).substring(0, jar.start());
            boolean inlineCode = before.chars().filter(c -> c == '`').count() % 2 == 1;
            String text = command(lines, n, lines.get(n).substring(jar.end()), inlineCode);
            List<String> words = words(text, defaults, arrays);
            String where = file + ":" + (n + 1);
            if (words.isEmpty() || !words.get(0).matches("[a-z-]+")) {
                continue; // java -jar paratune-bench.jar <command>
            }
            if (words.get(words.size() - 1).equals("$@")) {
                // a shell function: each of its calls adds its own words
                List<String> head = words.subList(0, words.size() - 1);
                String name = function(lines, n);
                for (int c = n + 1; c < lines.size(); c++) {
                    String call = lines.get(c).strip();
                    if (call.startsWith(name + " ")) {
                        List<String> all = new ArrayList<>(head);
                        all.addAll(words(command(lines, c, call.substring(name.length()), false), defaults, arrays));
                        out.add(new Invocation(file + ":" + (c + 1), all, false));
                    }
                }
            } else {
                out.add(new Invocation(where, words, false));
            }
        }
        return out;
    }

    /** The text of a command from {@code text} on: to the closing backtick, or over continued lines. */
    private static String command(List<String> lines, int n, String text, boolean inlineCode) {
        StringBuilder sb = new StringBuilder(text);
        if (inlineCode) {
            while (sb.indexOf("`") < 0 && n + 1 < lines.size()) {
                sb.append(' ').append(lines.get(++n));
            }
            int tick = sb.indexOf("`");
            return tick < 0 ? sb.toString() : sb.substring(0, tick);
        }
        while (sb.toString().stripTrailing().endsWith("\\") && n + 1 < lines.size()) {
            sb.setLength(sb.toString().stripTrailing().length() - 1);
            sb.append(' ').append(lines.get(++n));
        }
        return sb.toString().split("\\s#", 2)[0];
    }

    /** The name of the shell function whose body holds line {@code n}. */
    private static String function(List<String> lines, int n) {
        for (int i = n; i >= 0; i--) {
            Matcher f = FUNCTION.matcher(lines.get(i));
            if (f.find()) {
                return f.group(1);
            }
        }
        throw new IllegalStateException("\"$@\" outside a function at line " + (n + 1));
    }

    /**
     * The shell words of {@code text} up to a redirection or the end of the command, each variable
     * replaced by its default (1 when it has none), each {@code "${array[@]}"} by the array's words.
     */
    private static List<String> words(String text, Map<String, String> defaults, Map<String, List<String>> arrays) {
        List<String> out = new ArrayList<>();
        Matcher w = WORD.matcher(text);
        while (w.find()) {
            String word = w.group(1) != null ? w.group(1) : w.group(2);
            if (w.group(2) != null && word.matches("[0-9]?[<>|&;].*")) {
                break;
            }
            Matcher array = Pattern.compile("^\\$\\{(\\w+)\\[@]}$").matcher(word);
            if (array.matches() && arrays.containsKey(array.group(1))) {
                out.addAll(arrays.get(array.group(1)));
            } else if (word.equals("$@")) {
                out.add(word);
            } else {
                out.add(substitute(word, defaults));
            }
        }
        return out;
    }

    private static String substitute(String word, Map<String, String> defaults) {
        Matcher v = VARIABLE.matcher(word);
        StringBuilder sb = new StringBuilder();
        while (v.find()) {
            String name = v.group(1) != null ? v.group(1) : v.group(2);
            v.appendReplacement(sb, Matcher.quoteReplacement(defaults.getOrDefault(name, "1")));
        }
        v.appendTail(sb);
        return sb.toString();
    }

    @Test
    void theExtractionFollowsContinuationsFunctionsAndArrays(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("run-x.sh");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "SEEDS=${SEEDS:-0-4}",
                        "common=(--seeds \"$SEEDS\" --trials 100)",
                        "java -jar \"$JAR\" early-stopping --pruner none \"${common[@]}\" \\",
                        "    --out \"$OUT_DIR/p.jsonl\" > /dev/null",
                        "paratune() {",
                        "    java -jar \"$JAR\" storage --dir \"$OUT_DIR/work\" \"$@\" > /dev/null",
                        "}",
                        "paratune --modes scale --backends postgresql   # comment",
                        "It runs `java -jar paratune-bench.jar ask-time --sampler S",
                        "--asks 100` for TPE"));
        List<Invocation> found = invocations(script);
        assertThat(found)
                .extracting(Invocation::words)
                .containsExactly(
                        List.of(
                                "early-stopping",
                                "--pruner",
                                "none",
                                "--seeds",
                                "0-4",
                                "--trials",
                                "100",
                                "--out",
                                "1/p.jsonl"),
                        List.of("storage", "--dir", "1/work", "--modes", "scale", "--backends", "postgresql"),
                        List.of("ask-time", "--sampler", "S", "--asks", "100"));
        Path doc = dir.resolve("x.md");
        Files.writeString(doc, "Run `quality --sampler gp\n--seeds 0-9`, not `paratune --help`.\n");
        assertThat(invocations(doc))
                .containsExactly(
                        new Invocation(doc + ":1", List.of("quality", "--sampler", "gp", "--seeds", "0-9"), true),
                        new Invocation(doc + ":2", List.of("paratune", "--help"), true));
    }
}
