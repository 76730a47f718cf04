package io.rusticated.linux.jdk;

import java.io.BufferedReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A plain JDK program for {@link ConsoleStreamsTest}, run in a child JVM: it uses only java.*,
 * as a program on the rusticated target does. What it does depends on its first argument.
 */
public final class ConsoleChild {
    private ConsoleChild() {
    }

    // java.lang.IO is JDK 25; the tests compile for 22, so it is reached by lookup.
    private static final MethodHandle READLN_PROMPT;
    private static final MethodHandle READLN;
    private static final MethodHandle PRINTLN;
    static {
        try {
            Class<?> io = Class.forName("java.lang.IO");
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            READLN_PROMPT = l.findStatic(io, "readln", MethodType.methodType(String.class, String.class));
            READLN = l.findStatic(io, "readln", MethodType.methodType(String.class));
            PRINTLN = l.findStatic(io, "println", MethodType.methodType(void.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Reads all of standard input in a way the seed picks (bytes through a random mix of
     * {@code read()}, {@code read(byte[], off, len)}, {@code skip} and {@code available}, or lines
     * through a reader in {@code stdin.encoding}) and prints what it saw: counts and checksums.
     * {@code skips} false leaves {@code skip} out: on a pipe it may skip less than asked, by how
     * much depends on what has arrived, so the bytes left to read would differ from run to run.
     */
    private static void digest(long seed, boolean skips) throws java.io.IOException {
        java.util.Random r = new java.util.Random(seed);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        if (r.nextBoolean()) {
            long read = 0;
            long skipped = 0;
            byte[] buf = new byte[1 << 17];
            for (;;) {
                int what = r.nextInt(10);
                if (what == 0) {
                    int b = System.in.read();
                    if (b < 0) {
                        break;
                    }
                    crc.update(b);
                    read++;
                } else if (what == 1) {
                    int n = r.nextInt(5000);
                    if (skips) {
                        skipped += System.in.skip(n);
                    }
                    if (System.in.available() < 0) {
                        throw new IllegalStateException("negative available()");
                    }
                } else {
                    int off = r.nextInt(100);
                    int n = System.in.read(buf, off, r.nextInt(buf.length - off + 1));
                    if (n < 0) {
                        break;
                    }
                    crc.update(buf, off, n);
                    read += n;
                }
            }
            System.out.println("bytes read " + read + " skipped " + skipped + " crc " + Long.toHexString(crc.getValue()));
        } else {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.forName(System.getProperty("stdin.encoding"))));
            long lines = 0;
            long chars = 0;
            long replaced = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                chars += line.length();
                replaced += line.chars().filter(c -> c == 0xFFFD).count();
                crc.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            System.out.println("lines " + lines + " chars " + chars + " replaced " + replaced + " crc " + Long.toHexString(crc.getValue()));
        }
    }

    public static void main(String[] args) throws Throwable {
        switch (args[0]) {
            case "interleave" -> {
                System.out.println("streams " + System.out.getClass().getName() + " " + System.in.getClass().getName());
                for (int i = 0; i < 5; i++) {
                    System.out.println("out " + i);
                    System.err.println("err " + i);
                }
                System.getLogger("child").log(System.Logger.Level.DEBUG, "logging still works after the class loader ran");
            }
            case "echo" -> {
                String first = (String) READLN_PROMPT.invoke("name? ");
                PRINTLN.invoke((Object) ("hello " + first));
                String line;
                while ((line = (String) READLN.invoke()) != null) {
                    System.out.println("line " + line);
                }
                System.err.println("eof");
            }
            case "bulk" -> {
                byte[] row = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n".getBytes();
                for (int i = 0; i < 16 * 1024; i++) {
                    System.out.write(row);
                }
                System.out.flush();
            }
            case "exit" -> {
                System.out.print("printed ");
                System.out.write('x'); // stays in the 128-byte buffer: only a flush at exit shows it
                System.exit(3);
            }
            case "reader" -> {
                BufferedReader r = new BufferedReader(new InputStreamReader(System.in, Charset.forName(System.getProperty("stdin.encoding"))));
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n += line.length();
                }
                System.out.println("read " + n);
            }
            case "digest" -> digest(Long.parseLong(args[1]), Boolean.parseBoolean(args[2]));
            case "files" -> {
                Path d = Files.createTempDirectory("child");
                Path f = Files.writeString(d.resolve("a.txt"), "content");
                System.out.println(Files.readString(f) + " " + Files.size(f) + " " + Files.isRegularFile(f));
                try (Stream<Path> s = Files.list(d)) {
                    System.out.println(s.map(p -> p.getFileName().toString()).toList());
                }
                try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(f)) {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    System.out.println(ch.read(b, 6).get() + " " + (char) b.get(0));
                }
                Files.move(f, d.resolve("b.txt"));
                Files.delete(d.resolve("b.txt"));
                Files.delete(d);
                System.out.println(FileSystems.getDefault().provider().getClass().getSimpleName() + " " + Files.exists(d));
            }
            case "listed" -> { // each entry of the directory args[1], by its URI's tail, and its text
                try (Stream<Path> s = Files.list(Path.of(args[1]))) {
                    for (Path p : s.sorted((a, b) -> a.toUri().compareTo(b.toUri())).toList()) {
                        System.out.println(p.toUri().toString().substring(Path.of(args[1]).toUri().toString().length()) + " " + Files.readString(p));
                    }
                }
            }
            case "classloader" -> {
                System.out.println(ClassLoader.getSystemClassLoader().getClass().getName());
                System.out.println(ConsoleChild.class.getClassLoader().getName());
                System.out.println(Thread.currentThread().getContextClassLoader().getClass().getName());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
