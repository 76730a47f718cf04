package io.rusticated.windows;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentBlockTest {
    @Test
    void entriesAreSortedWithoutRegardToCaseAndEndWithTwoNuls() {
        String block = EnvironmentBlock.of(List.of("b=2", "A=1", "_x=3", "=C:=C:\\dir", "a1=4"), null);
        assertThat(block).isEqualTo("=C:=C:\\dir\0A=1\0a1=4\0b=2\0_x=3\0\0");
    }

    @Test
    void namesThatDifferOnlyInCaseAreOneVariableAndTheLastGivenWins() {
        String block = EnvironmentBlock.of(List.of("Path=C:\\old", "PATH=C:\\new"), null);
        assertThat(EnvironmentBlock.entries(block)).containsExactly("PATH=C:\\new");
    }

    @Test
    void systemRootIsAddedWhenMissingAsTheJdkAddsIt() {
        assertThat(EnvironmentBlock.entries(EnvironmentBlock.of(List.of("X=1"), "C:\\Windows"))).containsExactly("SystemRoot=C:\\Windows", "X=1");
        assertThat(EnvironmentBlock.entries(EnvironmentBlock.of(List.of("SYSTEMROOT=D:\\W"), "C:\\Windows"))).containsExactly("SYSTEMROOT=D:\\W");
    }

    @Test
    void anEmptyEnvironmentIsTwoNuls() {
        assertThat(EnvironmentBlock.of(List.of(), null)).isEqualTo("\0\0");
    }

    @Test
    void badEntriesAreRefused() {
        assertThatThrownBy(() -> EnvironmentBlock.of(List.of("novalue"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvironmentBlock.of(List.of("A=b\0c"), null)).isInstanceOf(IllegalArgumentException.class);
    }
}
