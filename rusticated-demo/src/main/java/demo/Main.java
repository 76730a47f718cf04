package demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutionException;

/**
 * Asks for a file name on the console, reads one line, and prints the last byte of the file that
 * line names.
 *
 * <ol>
 *   <li>writes the prompt {@code File to inspect: } to standard output;</li>
 *   <li>reads one line from standard input ({@code \n} or {@code \r\n} ends it; leading and
 *       trailing white space is stripped; a NUL character is kept, and rejected as a path); when
 *       no terminal echoed it (no {@link System#console() console}: the input or the output is
 *       redirected), ends the prompt's line itself, so the answer starts a line of its own;</li>
 *   <li>if the line names a regular file (symbolic links are followed), reads the file's last byte
 *       with an {@link AsynchronousFileChannel} at position size - 1 and prints
 *       {@code last byte: 0xHH} (two lowercase hex digits), followed by the character in quotes
 *       when it is printable ASCII, and the offset: {@code last byte: 0x41 'A' at offset 1023}.</li>
 * </ol>
 *
 * <p>The prompt and the result go to standard output; every failure is one line starting with
 * {@code error: } on standard error, never a stack trace. Names are echoed with control
 * characters escaped ({@code \0}, {@code \t}, {@code \xHH}).
 *
 * <p>Exit codes:
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>the last byte was printed</td></tr>
 *   <tr><td>1</td><td>an unexpected failure (a bug; the message names it)</td></tr>
 *   <tr><td>2</td><td>no line: end of input before a line was read, or standard input cannot be read</td></tr>
 *   <tr><td>3</td><td>the line is empty (or only white space)</td></tr>
 *   <tr><td>4</td><td>the line is not a valid path (it contains a NUL character)</td></tr>
 *   <tr><td>5</td><td>no such file (including a dangling symbolic link)</td></tr>
 *   <tr><td>6</td><td>not a regular file: a directory, device, FIFO or socket</td></tr>
 *   <tr><td>7</td><td>the file is empty: it has no last byte</td></tr>
 *   <tr><td>8</td><td>the file cannot be read: permission denied, an I/O error, a symbolic link
 *       loop, or no byte at size - 1 (the file shrank, or a pseudo file reports a size it does not have)</td></tr>
 * </table>
 */
public final class Main {
    static final int OK = 0;
    static final int UNEXPECTED = 1;
    static final int NO_INPUT = 2;
    static final int EMPTY_LINE = 3;
    static final int INVALID_PATH = 4;
    static final int NO_SUCH_FILE = 5;
    static final int NOT_REGULAR_FILE = 6;
    static final int EMPTY_FILE = 7;
    static final int UNREADABLE = 8;

    static final String PROMPT = "File to inspect: ";

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(System.out);
        } catch (Failure f) {
            System.out.flush();
            System.err.println("error: " + f.getMessage());
            code = f.code;
        } catch (Throwable t) {
            System.out.flush();
            System.err.println("error: unexpected failure: " + t);
            code = UNEXPECTED;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    private static int run(PrintStream out) throws Failure, IOException, InterruptedException {
        out.print(PROMPT);
        out.flush();

        String line = readLine();
        if (System.console() == null) {
            out.println(); // no terminal echoed the line and its end
        }
        String name = line.strip();
        if (name.isEmpty()) {
            throw new Failure(EMPTY_LINE, "empty line: no file name given");
        }
        Path path = toPath(name);
        BasicFileAttributes attributes = attributes(path, name);
        if (attributes.isDirectory()) {
            throw new Failure(NOT_REGULAR_FILE, quote(name) + " is a directory, not a regular file");
        }
        if (!attributes.isRegularFile()) {
            throw new Failure(NOT_REGULAR_FILE, quote(name) + " is not a regular file (a device, FIFO or socket)");
        }

        try (AsynchronousFileChannel channel = open(path, name)) {
            long size = size(channel, name);
            if (size == 0) {
                throw new Failure(EMPTY_FILE, quote(name) + " is empty: it has no last byte");
            }
            long offset = size - 1;
            int b = readByteAt(channel, offset, name);
            out.println("last byte: " + describe(b) + " at offset " + offset);
        }
        return OK;
    }

    /** One line of standard input, without its line terminator. */
    private static String readLine() throws Failure {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            System.out.println(); // end the prompt's line
            throw new Failure(NO_INPUT, "cannot read standard input: " + reason(e));
        }
        if (line == null) {
            System.out.println(); // end the prompt's line
            throw new Failure(NO_INPUT, "no input: end of input before a line was read");
        }
        return line;
    }

    private static Path toPath(String name) throws Failure {
        if (name.indexOf('\0') >= 0) {
            // Checked here too, because not every file system provider rejects NUL itself.
            throw new Failure(INVALID_PATH, "invalid path " + quote(name) + ": NUL character not allowed");
        }
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new Failure(INVALID_PATH, "invalid path " + quote(name) + ": " + e.getReason());
        }
    }

    private static BasicFileAttributes attributes(Path path, String name) throws Failure {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new Failure(NO_SUCH_FILE, "no such file: " + quote(name));
        } catch (IOException e) {
            throw new Failure(UNREADABLE, "cannot read " + quote(name) + ": " + reason(e));
        }
    }

    private static AsynchronousFileChannel open(Path path, String name) throws Failure {
        try {
            return AsynchronousFileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new Failure(NO_SUCH_FILE, "no such file: " + quote(name));
        } catch (IOException e) {
            throw new Failure(UNREADABLE, "cannot read " + quote(name) + ": " + reason(e));
        }
    }

    private static long size(AsynchronousFileChannel channel, String name) throws Failure {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new Failure(UNREADABLE, "cannot read " + quote(name) + ": " + reason(e));
        }
    }

    private static int readByteAt(AsynchronousFileChannel channel, long offset, String name) throws Failure, InterruptedException {
        ByteBuffer one = ByteBuffer.allocate(1);
        int n;
        try {
            n = channel.read(one, offset).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new Failure(UNREADABLE, "cannot read " + quote(name) + ": " + reason(cause));
        }
        if (n != 1) {
            throw new Failure(UNREADABLE, "cannot read " + quote(name) + ": no byte at offset " + offset + " (the file is shorter than its size says)");
        }
        return one.get(0) & 0xff;
    }

    /** {@code 0x41 'A'} for printable ASCII, {@code 0x0a} otherwise. */
    static String describe(int b) {
        String hex = String.format("0x%02x", b);
        return b >= 0x20 && b < 0x7f ? hex + " '" + (char) b + "'" : hex;
    }

    /** The reason an I/O exception gives, without the file name it repeats. */
    private static String reason(Throwable e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The name in single quotes with control characters escaped, safe to print on a terminal. */
    static String quote(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 2).append('\'');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\0' -> sb.append("\\0");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('\'').toString();
    }

    /** A failure the program reports with its exit code. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Failure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
