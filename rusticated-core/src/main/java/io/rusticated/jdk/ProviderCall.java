package io.rusticated.jdk;

/**
 * The calls of {@link RusticatedFileSystemProvider} that do I/O, as {@link ProviderCounters}
 * counts them: the ones rusticated serves, and the ones it never serves (their hand-over reason is
 * always {@link HandOver#NOT_SERVED}).
 */
public enum ProviderCall {
    NEW_FILE_CHANNEL("newFileChannel"),
    NEW_BYTE_CHANNEL("newByteChannel"),
    NEW_INPUT_STREAM("newInputStream"),
    NEW_OUTPUT_STREAM("newOutputStream"),
    NEW_ASYNCHRONOUS_FILE_CHANNEL("newAsynchronousFileChannel"),
    NEW_DIRECTORY_STREAM("newDirectoryStream"),
    CREATE_DIRECTORY("createDirectory"),
    DELETE("delete"),
    DELETE_IF_EXISTS("deleteIfExists"),
    CREATE_SYMBOLIC_LINK("createSymbolicLink"),
    CREATE_LINK("createLink"),
    COPY("copy"),
    MOVE("move"),
    READ_ATTRIBUTES("readAttributes"),
    READ_ATTRIBUTES_IF_EXISTS("readAttributesIfExists"),
    READ_ATTRIBUTE_MAP("readAttributes(String)"),
    EXISTS("exists"),
    CHECK_ACCESS("checkAccess"),
    // a directory stream's calls relative to its directory (SecureDirectoryStream)
    DIRECTORY_STREAM_NEW_DIRECTORY_STREAM("SecureDirectoryStream.newDirectoryStream"),
    DIRECTORY_STREAM_NEW_BYTE_CHANNEL("SecureDirectoryStream.newByteChannel"),
    DIRECTORY_STREAM_DELETE("SecureDirectoryStream.delete"),
    // never served
    DIRECTORY_STREAM_MOVE("SecureDirectoryStream.move"),
    DIRECTORY_STREAM_ATTRIBUTE_VIEW("SecureDirectoryStream.getFileAttributeView"),
    GET_FILE_ATTRIBUTE_VIEW("getFileAttributeView"),
    SET_ATTRIBUTE("setAttribute"),
    READ_SYMBOLIC_LINK("readSymbolicLink"),
    IS_SAME_FILE("isSameFile"),
    IS_HIDDEN("isHidden"),
    GET_FILE_STORE("getFileStore"),
    NEW_FILE_SYSTEM("newFileSystem");

    private final String method;

    ProviderCall(String method) {
        this.method = method;
    }

    /** The provider method's name, as the trace and {@link ProviderCounters#counts()} show it. */
    @Override
    public String toString() {
        return method;
    }
}
