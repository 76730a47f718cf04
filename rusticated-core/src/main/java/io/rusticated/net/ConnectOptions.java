package io.rusticated.net;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How a stream connects.
 *
 * @param timeout   how long the connect may take (null: as long as the OS tries); on expiry the
 *                  connect is cancelled and fails with {@link java.net.SocketTimeoutException}
 * @param localBind the local address to bind first, or null for any
 * @param noDelay   TCP_NODELAY (Nagle off); false by default, as the JDK's
 */
public record ConnectOptions(Duration timeout, InetSocketAddress localBind, boolean noDelay) {
    public ConnectOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("connect timeout must be positive: " + timeout);
        }
    }

    public static ConnectOptions defaults() {
        return new ConnectOptions(null, null, false);
    }

    public ConnectOptions withTimeout(Duration v) {
        return new ConnectOptions(v, localBind, noDelay);
    }

    public ConnectOptions withLocalBind(InetSocketAddress v) {
        return new ConnectOptions(timeout, v, noDelay);
    }

    public ConnectOptions withNoDelay(boolean v) {
        return new ConnectOptions(timeout, localBind, v);
    }
}
