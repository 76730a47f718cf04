package benchprograms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A plain JDK program (it imports only {@code java.*}) for the target benchmark: walks a tree of
 * small files ({@link MakeTree} makes it) with {@code Files.walk}, reads every regular file with
 * {@code Files.readAllBytes}, and prints how many files and bytes it read, with a checksum.
 *
 * <pre>java -cp DIR benchprograms.TreeWalk TREE</pre>
 */
public final class TreeWalk {
    private TreeWalk() {
    }

    public static void main(String[] args) throws Exception {
        CRC32 crc = new CRC32();
        long files = 0;
        long bytes = 0;
        try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
            List<Path> all = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path p : all) {
                byte[] b = Files.readAllBytes(p);
                crc.update(b);
                files++;
                bytes += b.length;
            }
        }
        System.out.printf("%d files, %d bytes, crc %08x%n", files, bytes, crc.getValue());
    }
}
