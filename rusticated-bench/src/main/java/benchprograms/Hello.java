package benchprograms;

/** The smallest plain program, for the start-up of the runtime alone: prints one line. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
