package io.rusticated.process;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandEnvironmentTest {
    private static Map<String, String> inherited() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Path", "C:\\Windows");
        env.put("TEMP", "C:\\Temp");
        return env;
    }

    @Test
    void windowsNamesIgnoreCase() {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("PATH", "C:\\tools");
        changes.put("temp", null);
        List<String> env = Command.environment(inherited(), changes, true);
        assertThat(env).containsExactly("Path=C:\\tools");
        assertThat(Command.searchPathIn(env, true)).isEqualTo("C:\\tools");
        assertThat(Command.searchPathIn(List.of("=C:=C:\\dir", "path=D:\\bin"), true)).isEqualTo("D:\\bin");
    }

    @Test
    void unixNamesAreCaseSensitive() {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("PATH", "/bin");
        List<String> env = Command.environment(inherited(), changes, false);
        assertThat(env).containsExactly("Path=C:\\Windows", "TEMP=C:\\Temp", "PATH=/bin");
        assertThat(Command.searchPathIn(List.of("Path=/x"), false)).isNull();
        assertThat(Command.searchPathIn(env, false)).isEqualTo("/bin");
    }
}
