package io.rusticated.fs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenOptionsTest {
    @Test
    void needsReadWriteOrAppend() {
        assertThatThrownBy(() -> OpenOptions.options().validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read, write or append");
        assertThatThrownBy(() -> OpenOptions.options().withCreate(true).withTruncate(true).validate())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void creatingOrTruncatingNeedsWriting() {
        assertThatThrownBy(() -> OpenOptions.readOnly().withCreate(true).validate()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenOptions.readOnly().withCreateNew(true).validate()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenOptions.readOnly().withTruncate(true).validate()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncateWithAppendIsRejected() {
        assertThatThrownBy(() -> OpenOptions.options().withAppend(true).withTruncate(true).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncate and append");
    }

    @Test
    void sensibleCombinationsPass() {
        assertThatCode(() -> OpenOptions.readOnly().validate()).doesNotThrowAnyException();
        assertThatCode(() -> OpenOptions.createTruncate().validate()).doesNotThrowAnyException();
        assertThatCode(() -> OpenOptions.options().withAppend(true).withCreate(true).validate()).doesNotThrowAnyException();
        assertThatCode(() -> OpenOptions.options().withWrite(true).withCreateNew(true).withRead(true).validate()).doesNotThrowAnyException();
    }

    @Test
    void modeMustFitPermissionBits() {
        assertThatThrownBy(() -> OpenOptions.createTruncate().withMode(010000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenOptions.createTruncate().withMode(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OpenOptions.createTruncate().withMode(04755).mode()).isEqualTo(04755);
    }

    @Test
    void settersReturnNewValuesAndLeaveTheOriginal() {
        OpenOptions ro = OpenOptions.readOnly();
        OpenOptions rw = ro.withWrite(true);
        assertThat(ro.write()).isFalse();
        assertThat(rw.read()).isTrue();
        assertThat(rw.write()).isTrue();
        assertThat(OpenOptions.options().mode()).isEqualTo(0666);
        OpenOptions all = OpenOptions.options().withRead(true).withWrite(true).withAppend(true).withCreate(true)
                .withCreateNew(true).withDirect(true).withMode(0600);
        assertThat(all).isEqualTo(new OpenOptions(true, true, true, false, true, true, 0600, true));
    }
}
