package jdkprograms;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Copies a file every way java.nio.file offers and reports sizes and checksums. Argument: an empty work directory. */
public final class FileCopy {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        byte[] data = Report.pattern(300_007, 1);
        Path src = dir.resolve("src.bin");
        Files.write(src, data);
        System.out.println("src " + Files.size(src) + " " + Report.crc(Files.readAllBytes(src)));

        Files.copy(src, dir.resolve("copy1.bin"));
        try {
            Files.copy(src, dir.resolve("copy1.bin"));
        } catch (Exception e) {
            System.out.println("copy onto existing: " + Report.failure(e));
        }
        Files.copy(src, dir.resolve("copy1.bin"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);

        try (InputStream in = Files.newInputStream(src); OutputStream out = Files.newOutputStream(dir.resolve("copy2.bin"))) {
            System.out.println("stream transfer " + in.transferTo(out));
        }
        try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(dir.resolve("copy3.bin"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < in.size()) {
                done += in.transferTo(done, in.size() - done, out);
            }
            System.out.println("channel transfer " + done + " position " + out.position());
        }
        try (SeekableByteChannel in = Files.newByteChannel(src);
             SeekableByteChannel out = Files.newByteChannel(dir.resolve("copy4.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(4093);
            int chunks = 0;
            while (in.read(buf) > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                buf.clear();
                chunks++;
            }
            System.out.println("byte channel chunks " + chunks + " size " + out.size());
        }
        try (InputStream in = Files.newInputStream(src)) {
            System.out.println("copy from stream " + Files.copy(in, dir.resolve("copy5.bin")));
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("copy6.bin"), StandardOpenOption.CREATE_NEW)) {
            System.out.println("copy to stream " + Files.copy(src, out));
        }
        Files.move(dir.resolve("copy6.bin"), dir.resolve("moved.bin"));
        System.out.println("moved away: " + Files.exists(dir.resolve("copy6.bin")));

        for (String name : List.of("copy1.bin", "copy2.bin", "copy3.bin", "copy4.bin", "copy5.bin", "moved.bin")) {
            Path p = dir.resolve(name);
            System.out.println(name + " " + Files.size(p) + " " + Report.crc(Files.readAllBytes(p)) + " mismatch " + Files.mismatch(src, p));
        }

        // Text, appends, truncation.
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "alpha\nbeta\n", StandardCharsets.UTF_8);
        Files.writeString(text, "gamma\u00e9\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        System.out.println("lines " + Files.readAllLines(text));
        try (var lines = Files.lines(text)) {
            System.out.println("line count " + lines.count());
        }
        try (var w = Files.newBufferedWriter(text, StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write("short");
        }
        System.out.println("after truncate '" + Files.readString(text) + "' size " + Files.size(text));
        try (FileChannel ch = FileChannel.open(text, StandardOpenOption.WRITE)) {
            ch.truncate(2);
            ch.force(true);
        }
        System.out.println("after channel truncate '" + Files.readString(text) + "'");

        Files.delete(dir.resolve("copy5.bin"));
        System.out.println("deleteIfExists twice " + Files.deleteIfExists(dir.resolve("copy4.bin")) + " " + Files.deleteIfExists(dir.resolve("copy4.bin")));
        try {
            Files.delete(dir.resolve("copy4.bin"));
        } catch (Exception e) {
            System.out.println("delete missing: " + Report.failure(e));
        }
        try {
            Files.readAllBytes(dir.resolve("nothing"));
        } catch (Exception e) {
            System.out.println("read missing: " + Report.failure(e));
        }
    }
}
