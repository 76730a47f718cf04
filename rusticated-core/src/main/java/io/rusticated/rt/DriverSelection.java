package io.rusticated.rt;

import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.spi.DriverFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Chooses a backend at run time: the one {@code rusticated.backend} forces, else each factory for
 * this OS in descending priority until one opens, recording why each before it could not.
 */
final class DriverSelection {
    static final String BACKEND_PROPERTY = "rusticated.backend";
    private static final System.Logger LOG = System.getLogger("io.rusticated");

    private static final List<DriverFactory> FACTORIES = load();

    private DriverSelection() {
    }

    private static List<DriverFactory> load() {
        List<DriverFactory> found = new ArrayList<>();
        for (DriverFactory f : ServiceLoader.load(DriverFactory.class, DriverSelection.class.getClassLoader())) {
            found.add(f);
        }
        if (found.isEmpty()) {
            // On the module path the class loader above may not see providers in other layers.
            ServiceLoader.load(DriverFactory.class).forEach(found::add);
        }
        found.sort(Comparator.comparingInt(DriverFactory::priority).reversed());
        return List.copyOf(found);
    }

    static Driver open(DriverContext context) {
        String forced = System.getProperty(BACKEND_PROPERTY, "").trim();
        List<DriverFactory> candidates = FACTORIES.stream().filter(DriverFactory::supportsCurrentOs).toList();
        String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        if (!forced.isEmpty()) {
            DriverFactory f = candidates.stream().filter(c -> c.name().equals(forced)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(BACKEND_PROPERTY + "=" + forced + " names no backend for " + os
                            + "; available: " + names(candidates)));
            try {
                Driver d = f.open(context, BACKEND_PROPERTY + "=" + forced);
                LOG.log(System.Logger.Level.DEBUG, "rusticated backend: {0}", d.backend());
                return d;
            } catch (DriverUnavailableException e) {
                throw new IllegalStateException(BACKEND_PROPERTY + "=" + forced + " was forced but is unavailable: " + e.getMessage(), e);
            }
        }
        if (candidates.isEmpty()) {
            throw new UnsupportedOperationException("rusticated has no backend for " + os
                    + " on the module or class path (found: " + names(FACTORIES) + "); add rusticated-linux, -windows or -macos");
        }
        StringBuilder why = new StringBuilder();
        for (DriverFactory f : candidates) {
            try {
                Driver d = f.open(context, why.toString());
                LOG.log(System.Logger.Level.DEBUG, "rusticated backend: {0}", d.backend());
                return d;
            } catch (DriverUnavailableException e) {
                if (!why.isEmpty()) {
                    why.append("; ");
                }
                why.append(f.name()).append(" unavailable: ").append(e.getMessage());
            }
        }
        throw new IllegalStateException("no rusticated backend could open on " + os + ": " + why);
    }

    private static List<String> names(List<DriverFactory> factories) {
        return factories.stream().map(DriverFactory::name).toList();
    }
}
