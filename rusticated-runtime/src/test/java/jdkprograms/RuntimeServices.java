package jdkprograms;

import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Prints what a program gets from the JDK's run-time modules rather than from java.base: localized
 * dates and numbers (jdk.localedata), extended charsets (jdk.charsets), HotSpot's management
 * beans (jdk.management), the JFR and HTTP server APIs, and the charset providers. On an
 * image that lacks those modules the output changes without an error.
 */
public final class RuntimeServices {
    public static void main(String[] args) throws Exception {
        LocalDate day = LocalDate.of(2024, 3, 1);
        for (Locale l : new Locale[] {Locale.GERMANY, Locale.JAPAN, Locale.forLanguageTag("fi-FI"), Locale.forLanguageTag("ar-EG")}) {
            System.out.println(l + " date " + DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(l).format(day));
            System.out.println(l + " number " + String.format(l, "%,.2f", 1234567.891) + " " + NumberFormat.getCurrencyInstance(l).format(42.5));
        }
        System.out.println("locales " + Locale.getAvailableLocales().length);
        for (String cs : new String[] {"IBM037", "x-IBM930", "Big5-HKSCS", "ISO-2022-JP", "GB18030", "x-EUC-TW"}) {
            System.out.println("charset " + cs + " " + Charset.isSupported(cs));
        }
        System.out.println("charsets " + Charset.availableCharsets().size());
        System.out.println("hotspot diagnostic bean " + (ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class) != null));
        System.out.println("os bean is com.sun.management's "
                + (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean));
        System.out.println("jfr " + Class.forName("jdk.jfr.Recording").getModule().getName());
        System.out.println("http server " + Class.forName("com.sun.net.httpserver.HttpServer").getModule().getName());
        TreeSet<String> providers = new TreeSet<>();
        ServiceLoader.load(java.nio.charset.spi.CharsetProvider.class).stream().forEach(p -> providers.add(p.type().getName()));
        System.out.println("providers " + providers);
    }
}
