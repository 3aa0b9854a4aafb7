package io.certwiz.bench;

/**
 * Runs the JMH benchmarks from the test classpath (the annotation processor writes
 * {@code META-INF/BenchmarkList} into the test classes). Takes JMH's own arguments, e.g.
 * {@code IssuanceBenchmark -rf json -rff out.json}; {@code bench/jmh.sh} builds the classpath and calls it.
 */
public final class JmhMain {
    private JmhMain() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
