package benchprograms;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A plain JDK program (it imports only {@code java.*}) for the target benchmark: copies a file
 * with {@link Files#copy(Path, Path, java.nio.file.CopyOption...)}, then again through streams
 * ({@link InputStream#transferTo}), and prints the sizes. On the rusticated image both copies go
 * through rusticated's default file system provider; on a stock JDK through the JDK's.
 *
 * <pre>java -cp DIR benchprograms.CopyFile SOURCE WORKDIR</pre>
 */
public final class CopyFile {
    private CopyFile() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        Path first = dir.resolve("copy-files.bin");
        Path second = dir.resolve("copy-streams.bin");
        Files.copy(source, first, StandardCopyOption.REPLACE_EXISTING);
        try (InputStream in = Files.newInputStream(first); OutputStream out = Files.newOutputStream(second)) {
            in.transferTo(out);
        }
        System.out.println(Files.size(source) + " " + Files.size(first) + " " + Files.size(second));
        Files.delete(first);
        Files.delete(second);
    }
}
