package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {
    private static CommandTemplate template(String line) {
        return CommandTemplate.read(new Yaml.Value(line, "s.yaml", 1, "command"));
    }

    @Test
    void splitsLikeAShellWithQuotesAndEscapes() {
        assertThat(CommandTemplate.split("python3  train.py --name 'a b' \"c \\\"d\\\"\" e\\ f"))
                .containsExactly("python3", "train.py", "--name", "a b", "c \"d\"", "e f");
        assertThatThrownBy(() -> CommandTemplate.split("echo 'open")).hasMessageContaining("unclosed ' quote");
    }

    @Test
    void rendersValuesAndLeavesOutWordsOfAbsentParameters() {
        CommandTemplate t = template("run --lr {lr} --opt={opt} --momentum={momentum} -t {trial} {{x}}");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("lr", 1.0e-3);
        v.put("opt", "adam");
        v.put("trial", 7);
        assertThat(t.render(v)).containsExactly("run", "--lr", "0.001", "--opt=adam", "-t", "7", "{x}");
        v.put("momentum", 0.9);
        assertThat(t.render(v)).contains("--momentum=0.9");
    }

    @Test
    void formatsNumbersForCommandLines() {
        assertThat(CommandTemplate.format(1.0e-3)).isEqualTo("0.001");
        assertThat(CommandTemplate.format(3.0)).isEqualTo("3.0");
        assertThat(CommandTemplate.format(1.5e-7)).isEqualTo("1.5e-07".replace("e-07", "e-7"));
        assertThat(CommandTemplate.format(42L)).isEqualTo("42");
        assertThat(CommandTemplate.shellLine(List.of("echo", "a b", "it's"))).isEqualTo("echo 'a b' 'it'\\''s'");
    }
}
