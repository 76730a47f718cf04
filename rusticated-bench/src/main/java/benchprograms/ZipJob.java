package benchprograms;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A plain JDK program (it imports only {@code java.*}) for the target benchmark: a zip job over
 * {@value #FILES} files. Writes the files, zips them with {@link ZipOutputStream} into a
 * {@code Files.newOutputStream}, reads the archive back with {@link ZipInputStream} over
 * {@code Files.newInputStream}, with {@link ZipFile}, and through the zip file system (extracting
 * every entry with {@code Files.copy}), and prints a checksum of what each way read.
 *
 * <pre>java -cp DIR benchprograms.ZipJob WORKDIR</pre>
 */
public final class ZipJob {
    static final int FILES = 2000;

    private ZipJob() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]).resolve("zip-job"));
        Path src = Files.createDirectories(dir.resolve("src"));
        long seed = 42;
        for (int i = 0; i < FILES; i++) {
            byte[] b = new byte[200 + (i * 37) % 6000];
            for (int k = 0; k < b.length; k++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                b[k] = (byte) ('a' + ((seed >>> 59) & 15)); // compressible text
            }
            Files.write(src.resolve("file-" + i + ".txt"), b);
        }
        Path zip = dir.resolve("job.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.list(src)) {
            for (Path f : files.sorted().toList()) {
                out.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        CRC32 streamed = new CRC32();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            while (in.getNextEntry() != null) {
                streamed.update(in.readAllBytes());
            }
        }
        CRC32 random = new CRC32();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> e = zf.entries();
            while (e.hasMoreElements()) {
                try (InputStream in = zf.getInputStream(e.nextElement())) {
                    random.update(in.readAllBytes());
                }
            }
        }
        Path extracted = Files.createDirectories(dir.resolve("extracted"));
        CRC32 zipfs = new CRC32();
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of());
             Stream<Path> entries = Files.list(fs.getPath("/"))) {
            for (Path e : entries.sorted().toList()) {
                Path target = extracted.resolve(e.getFileName().toString());
                Files.copy(e, target);
                zipfs.update(Files.readAllBytes(target));
            }
        }
        System.out.printf("%d files, zip %d bytes, crc %08x %08x %08x%n", FILES, Files.size(zip), streamed.getValue(), random.getValue(),
                zipfs.getValue());
    }
}
