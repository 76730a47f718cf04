package jdkprograms;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** File work with java.io and java.util.zip only, which no file system provider sees. Argument: an empty work directory. */
public final class JavaIoOnly {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        File f = new File(dir, "data.txt");
        try (FileOutputStream out = new FileOutputStream(f)) {
            out.write("hello, java.io\n".getBytes());
        }
        try (PrintWriter w = new PrintWriter(new File(dir, "more.txt"))) {
            w.println("printed");
        }
        System.out.println("length " + f.length() + " exists " + f.exists() + " file " + f.isFile());
        try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
            raf.seek(raf.length() - 3);
            System.out.println("last bytes " + (char) raf.read() + (char) raf.read());
            raf.setLength(5);
        }
        try (FileInputStream in = new FileInputStream(f)) {
            System.out.println("read " + new String(in.readAllBytes()));
        }
        try (FileReader r = new FileReader(new File(dir, "more.txt"))) {
            char[] c = new char[7];
            System.out.println("reader " + new String(c, 0, r.read(c)));
        }
        File zip = new File(dir, "a.zip");
        try (ZipOutputStream z = new ZipOutputStream(new FileOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("inside.txt"));
            z.write("zipped".getBytes());
            z.closeEntry();
        }
        try (ZipFile z = new ZipFile(zip)) {
            System.out.println("zip entry " + new String(z.getInputStream(z.getEntry("inside.txt")).readAllBytes()));
        }
        File sub = new File(dir, "sub");
        System.out.println("mkdir " + sub.mkdir() + " list " + Arrays.stream(dir.list()).sorted().toList());
        System.out.println("renamed " + new File(dir, "more.txt").renameTo(new File(sub, "moved.txt")) + " deleted " + f.delete());
    }
}
