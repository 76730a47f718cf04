package jdkprograms;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Reads and sets file attributes through java.nio.file. Argument: an empty work directory. */
public final class Attributes {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path file = dir.resolve("file.txt");
        Files.writeString(file, "0123456789");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("file.txt"));
        Path hidden = Files.writeString(dir.resolve(".hidden"), "");
        Path missing = dir.resolve("missing");

        for (Path p : new Path[] {file, sub, link, hidden, missing}) {
            System.out.println(p.getFileName() + ": exists=" + Files.exists(p) + " notExists=" + Files.notExists(p)
                    + " regular=" + Files.isRegularFile(p) + " dir=" + Files.isDirectory(p)
                    + " link=" + Files.isSymbolicLink(p) + " readable=" + Files.isReadable(p)
                    + " writable=" + Files.isWritable(p) + " executable=" + Files.isExecutable(p)
                    + " hidden=" + Files.isHidden(p)
                    + " existsNoFollow=" + Files.exists(p, LinkOption.NOFOLLOW_LINKS));
        }
        System.out.println("size " + Files.size(file) + " via link " + Files.size(link));
        System.out.println("readSymbolicLink " + Files.readSymbolicLink(link));
        System.out.println("same file " + Files.isSameFile(file, link) + " " + Files.isSameFile(file, sub));
        System.out.println("real path of link ends with " + link.toRealPath().getFileName());

        FileTime t = FileTime.from(Instant.parse("2001-02-03T04:05:06.789Z"));
        Files.setLastModifiedTime(file, t);
        System.out.println("mtime " + Files.getLastModifiedTime(file) + " via link " + Files.getLastModifiedTime(link));
        FileTime a = FileTime.from(Instant.parse("1999-12-31T23:59:59Z"));
        Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(null, a, null);
        BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
        System.out.println("basic size=" + basic.size() + " regular=" + basic.isRegularFile() + " dir=" + basic.isDirectory()
                + " link=" + basic.isSymbolicLink() + " other=" + basic.isOther() + " mtime=" + basic.lastModifiedTime()
                + " atime=" + basic.lastAccessTime() + " key=" + (basic.fileKey() != null));
        BasicFileAttributes linkItself = Files.readAttributes(link, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        System.out.println("link itself: link=" + linkItself.isSymbolicLink() + " size=" + linkItself.size());
        BasicFileAttributes devNull = Files.readAttributes(Path.of("/dev/null"), BasicFileAttributes.class);
        System.out.println("/dev/null other=" + devNull.isOther() + " regular=" + devNull.isRegularFile());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class);
        System.out.println("posix " + PosixFilePermissions.toString(posix.permissions()) + " owner=" + posix.owner().getName().equals(System.getProperty("user.name")));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx--x--x"));
        System.out.println("dir perms " + PosixFilePermissions.toString(Files.getPosixFilePermissions(sub)));

        Map<String, Object> map = new TreeMap<>(Files.readAttributes(file, "basic:size,lastModifiedTime,isDirectory"));
        System.out.println("map " + map);
        Map<String, Object> pmap = new TreeMap<>(Files.readAttributes(file, "posix:permissions"));
        System.out.println("posix map " + pmap.keySet() + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        System.out.println("attribute size " + Files.getAttribute(file, "size") + " isRegularFile " + Files.getAttribute(file, "basic:isRegularFile"));
        Files.setAttribute(file, "lastModifiedTime", FileTime.fromMillis(0));
        System.out.println("mtime after setAttribute " + Files.getLastModifiedTime(file));

        Path created = Files.createFile(dir.resolve("created"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        System.out.println("created with " + PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
        Path tmp = Files.createTempFile(dir, "pre", ".suf");
        System.out.println("temp file " + tmp.getFileName().toString().startsWith("pre") + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)));

        try {
            Files.size(missing);
        } catch (Exception e) {
            System.out.println("size of missing: " + Report.failure(e));
        }
        try {
            Files.readAttributes(dir.resolve("file.txt/below"), BasicFileAttributes.class);
        } catch (Exception e) {
            System.out.println("below a file: " + Report.failure(e));
        }
        try {
            Files.createFile(file);
        } catch (Exception e) {
            System.out.println("create existing: " + Report.failure(e));
        }
        try {
            Files.readSymbolicLink(file);
        } catch (Exception e) {
            System.out.println("readSymbolicLink of a file: " + Report.failure(e));
        }
        try {
            Files.readAttributes(file, "nosuchview:*");
        } catch (Exception e) {
            System.out.println("unknown view: " + Report.failure(e));
        }
    }
}
