package io.rusticated.process;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one of a child's descriptors comes from: this process's own (inherit), the null device,
 * a new pipe to this process, a file, a handle this process has, or the end of a pipe whose
 * other end belongs to this process or another child.
 */
public sealed interface Redirect {
    /** The child shares this process's descriptor of the same number. */
    Redirect INHERIT = new Inherit();
    /** The null device: reads see end of input, writes vanish. */
    Redirect NULL = new Null();
    /**
     * A new pipe between this process and the child: stdin's write end becomes
     * {@link Child#stdin()}, stdout's and stderr's read ends {@link Child#stdout()} and
     * {@link Child#stderr()}. Only for descriptors 0, 1 and 2.
     */
    Redirect PIPE = new Piped();

    /** Reads the file (for stdin). */
    static Redirect read(Path file) {
        return new ToFile(file, Mode.READ);
    }

    /** Creates or truncates the file and writes it (for stdout, stderr). */
    static Redirect write(Path file) {
        return new ToFile(file, Mode.WRITE);
    }

    /** Creates the file if needed and appends to it. */
    static Redirect append(Path file) {
        return new ToFile(file, Mode.APPEND);
    }

    /**
     * A handle this process keeps owning (a shell's {@code 2>&1} or {@code 3<&0}): the child gets
     * a duplicate of it, as it is when the child starts.
     */
    static Redirect handle(long handle) {
        if (handle < 0) {
            throw new IllegalArgumentException("negative handle: " + handle);
        }
        return new Handle(handle);
    }

    /**
     * The read end of a pipe (another child's {@link Child#stdout()}, or a {@link PipeReader}
     * this process made): ownership moves to the child, and this process's copy is closed once
     * the child has started, so the reader must not be used afterwards.
     */
    static Redirect from(PipeReader reader) {
        return new FromReader(Objects.requireNonNull(reader, "reader"));
    }

    /** The write end of a pipe, moved to the child as {@link #from} moves a read end. */
    static Redirect to(PipeWriter writer) {
        return new ToWriter(Objects.requireNonNull(writer, "writer"));
    }

    /** How a file redirect opens its file. */
    enum Mode {
        READ, WRITE, APPEND
    }

    record Inherit() implements Redirect {
    }

    record Null() implements Redirect {
    }

    record Piped() implements Redirect {
    }

    record ToFile(Path file, Mode mode) implements Redirect {
        public ToFile {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(mode, "mode");
        }
    }

    record Handle(long handle) implements Redirect {
    }

    record FromReader(PipeReader reader) implements Redirect {
    }

    record ToWriter(PipeWriter writer) implements Redirect {
    }
}
