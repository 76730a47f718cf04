package io.rusticated.unix;

import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.OsError;

import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * One Unix's errno values in the shared shape: for each {@link Errno} name the OS's number and its C
 * library's {@code strerror} text (strerror itself is not thread-safe, and the JDK prints this
 * text), the kind coming from the name. Core builds the JDK's exception from the kind; the OS
 * module's shared code asks the table for numbers by name ({@code table.code(Errno.EAGAIN)}).
 */
public final class ErrnoTable implements ErrorTable {
    private final String os;
    private final String unknownText;
    private final OsError[] byCode;
    private final Map<Errno, Integer> codes;

    private ErrnoTable(String os, String unknownText, OsError[] byCode, Map<Errno, Integer> codes) {
        this.os = os;
        this.unknownText = unknownText;
        this.byCode = byCode;
        this.codes = codes;
    }

    /**
     * A table for {@code os}, to fill with {@link Builder#add}; a code it lacks is described as
     * {@code unknownText} followed by the number, as that OS's strerror does
     * ({@code "Unknown error "} in glibc, {@code "Unknown error: "} on macOS).
     */
    public static Builder builder(String os, String unknownText) {
        return new Builder(os, unknownText);
    }

    @Override
    public OsError lookup(int errno) {
        OsError e = errno >= 0 && errno < byCode.length ? byCode[errno] : null;
        return e != null ? e : new OsError(errno, "errno " + errno, unknownText + errno, ErrorKind.OTHER);
    }

    /** This OS's number for the name. */
    public int code(Errno name) {
        Integer code = codes.get(name);
        if (code == null) {
            throw new IllegalArgumentException(os + " has no " + name + " in its errno table");
        }
        return code;
    }

    /** The C library's text for the errno. */
    public String message(int errno) {
        return lookup(errno).message();
    }

    /** The symbolic name of an errno, for messages meant for developers. */
    public String name(int errno) {
        return lookup(errno).name();
    }

    /** "NAME (text)" of an errno, for developers' messages about a failed call. */
    public String describe(int errno) {
        return lookup(errno).toString();
    }

    /** Throws "CALL failed: NAME (text)" for a call that returns its errno value (posix_spawn's family); nothing for 0. */
    public void checkValue(int errnoValue, String call) throws IOException {
        if (errnoValue != 0) {
            throw new IOException(call + " failed: " + describe(errnoValue));
        }
    }

    /** Throws "CALL failed: NAME (text)" for a negated errno; does nothing for a result >= 0. */
    public void check(long result, String call) throws IOException {
        if (result < 0) {
            throw new IOException(call + " failed: " + describe((int) -result));
        }
    }

    /** Collects the entries of one OS's table. */
    public static final class Builder {
        private final String os;
        private final String unknownText;
        private final Map<Errno, Integer> codes = new EnumMap<>(Errno.class);
        private final Map<Integer, OsError> byCode = new HashMap<>();

        private Builder(String os, String unknownText) {
            this.os = os;
            this.unknownText = unknownText;
        }

        /** {@code name} is {@code code} on this OS, described as {@code text}. */
        public Builder add(Errno name, int code, String text) {
            if (code <= 0) {
                throw new IllegalArgumentException(name + ": errno values are positive, not " + code);
            }
            if (codes.put(name, code) != null) {
                throw new IllegalArgumentException(name + " given twice for " + os);
            }
            if (byCode.putIfAbsent(code, new OsError(code, name.name(), text, name.kind())) != null) {
                throw new IllegalArgumentException(name + " = " + code + " on " + os + " is already " + byCode.get(code).name()
                        + "; give a second name of one number with alias()");
            }
            return this;
        }

        /** {@code name} is another name of {@code same}'s number on this OS (Linux: ENOTSUP is EOPNOTSUPP). */
        public Builder alias(Errno name, Errno same) {
            Integer code = codes.get(same);
            if (code == null) {
                throw new IllegalArgumentException(same + " must be added before its alias " + name);
            }
            codes.put(name, code);
            return this;
        }

        public ErrnoTable build() {
            int size = byCode.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            OsError[] table = new OsError[size];
            byCode.forEach((code, error) -> table[code] = error);
            return new ErrnoTable(os, unknownText, table, new EnumMap<>(codes));
        }
    }
}
