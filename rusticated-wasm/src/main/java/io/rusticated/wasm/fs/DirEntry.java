package io.rusticated.wasm.fs;

/** One entry of a directory: its name and, where the host reports it, its type (not following links). */
public record DirEntry(String name, FileType type) {
}
