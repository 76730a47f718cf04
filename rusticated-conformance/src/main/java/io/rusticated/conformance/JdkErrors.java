package io.rusticated.conformance;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks of a failure against what the JDK's own provider throws for the same failure. */
public final class JdkErrors {
    private JdkErrors() {
    }

    /** The failure is of the type and names the file, in its file field and its message. */
    public static void namesFile(Throwable t, Class<? extends FileSystemException> type, Path file) {
        assertThat(t).isInstanceOf(type);
        assertThat(((FileSystemException) t).getFile()).isEqualTo(file.toString());
        assertThat(t.getMessage()).contains(file.toString());
    }

    /** A JDK call that must fail. */
    public interface JdkCall {
        void run() throws IOException;
    }

    /** Ours is exactly the exception the JDK throws for the same failure: class, file, other file, reason. */
    public static void sameAsJdk(Throwable ours, JdkCall jdk) {
        Throwable theirs = null;
        try {
            jdk.run();
        } catch (IOException e) {
            theirs = e;
        }
        assertThat(theirs).as("the JDK fails too").isNotNull();
        assertThat(ours).as("%s vs the JDK's %s", ours, theirs).hasSameClassAs(theirs);
        FileSystemException o = (FileSystemException) ours;
        FileSystemException j = (FileSystemException) theirs;
        assertThat(o.getFile()).as("file").isEqualTo(j.getFile());
        assertThat(o.getOtherFile()).as("other file").isEqualTo(j.getOtherFile());
        assertThat(o.getReason()).as("reason").isEqualTo(j.getReason());
    }
}
