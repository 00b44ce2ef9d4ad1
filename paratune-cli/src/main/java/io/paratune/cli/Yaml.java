package io.paratune.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML document read into plain values that remember where they stood in the file, so that every
 * error can name the file, the line and the dotted path of the bad field.
 */
final class Yaml {
    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    private Yaml() {}

    /**
     * A value of the document: a map (keys in file order), a list or a scalar (String, Long, Double,
     * Boolean or null).
     *
     * @param file the file name shown in messages
     * @param line 1-based line, or 0 when unknown
     * @param path dotted path from the root, e.g. {@code search_space.lr.low}
     */
    record Value(Object value, String file, int line, String path) {
        boolean isMap() {
            return value instanceof Map;
        }

        boolean isList() {
            return value instanceof List;
        }

        @SuppressWarnings("unchecked")
        Map<String, Value> map() {
            return (Map<String, Value>) value;
        }

        @SuppressWarnings("unchecked")
        List<Value> list() {
            return (List<Value>) value;
        }

        /** {@code file:line: path} for the start of an error message. */
        String where() {
            return file + (line > 0 ? ":" + line : "") + ": " + path;
        }

        UserError error(String problem) {
            return new UserError(where() + ": " + problem);
        }

        /** The value as shown in messages: strings quoted. */
        String shown() {
            if (value instanceof String s) {
                return "\"" + s + "\"";
            }
            if (isMap()) {
                return "a map";
            }
            if (isList()) {
                return "a list";
            }
            return String.valueOf(value);
        }

        /** The plain Java value (maps, lists, scalars) without positions. */
        Object plain() {
            if (isMap()) {
                Map<String, Object> out = new LinkedHashMap<>();
                map().forEach((k, v) -> out.put(k, v.plain()));
                return out;
            }
            if (isList()) {
                List<Object> out = new ArrayList<>();
                list().forEach(v -> out.add(v.plain()));
                return out;
            }
            return value;
        }
    }

    /**
     * Parses a document whose root must be a map.
     *
     * @throws UserError naming the file and line of a syntax error, a duplicate key or a root that
     *     is not a map
     */
    static Value parse(String text, String file) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new UserError(file + (line > 0 ? ":" + line : "") + ": not valid YAML: " + e.getProblem()
                    + "; fix the YAML syntax (indent with spaces, quote values that contain ': ' or '#')");
        } catch (YamlEngineException e) {
            throw new UserError(file + ": not valid YAML: " + e.getMessage() + "; fix the YAML syntax");
        }
        if (root.isEmpty()) {
            throw new UserError(file + ": the file is empty; give at least name, search_space and command");
        }
        Value v = convert(root.get(), file, "");
        if (!v.isMap()) {
            throw new UserError(file + ":" + v.line() + ": the study file must be a map of settings (name: ...,"
                    + " search_space: ..., command: ...), not " + v.shown());
        }
        return v;
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Value convert(Node node, String file, String path) {
        String shownPath = path.isEmpty() ? "(root)" : path;
        if (node instanceof MappingNode m) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new UserError(file + ":" + line(t.getKeyNode()) + ": " + shownPath
                            + ": a key must be a plain word; write key: value");
                }
                String key = k.getValue();
                if (out.containsKey(key)) {
                    throw new UserError(file + ":" + line(k) + ": " + child(path, key) + ": the key appears twice"
                            + " (first on line " + out.get(key).line() + "); keep one");
                }
                out.put(key, convert(t.getValueNode(), file, child(path, key)));
            }
            return new Value(out, file, line(node), shownPath);
        }
        if (node instanceof SequenceNode s) {
            List<Value> out = new ArrayList<>();
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                out.add(convert(items.get(i), file, path + "[" + i + "]"));
            }
            return new Value(out, file, line(node), shownPath);
        }
        ScalarNode sc = (ScalarNode) node;
        return new Value(sc.isPlain() ? resolve(sc.getValue()) : sc.getValue(), file, line(node), shownPath);
    }

    /** YAML 1.2 core-schema resolution of a plain scalar. */
    static Object resolve(String s) {
        switch (s) {
            case "", "~", "null", "Null", "NULL":
                return null;
            case "true", "True", "TRUE":
                return Boolean.TRUE;
            case "false", "False", "FALSE":
                return Boolean.FALSE;
            case ".inf", ".Inf", ".INF", "+.inf":
                return Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            default:
                break;
        }
        if (INT.matcher(s).matches()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooLong) {
                return s;
            }
        }
        if (FLOAT.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        return s;
    }
}
