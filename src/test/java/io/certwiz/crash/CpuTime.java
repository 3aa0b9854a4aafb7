package io.certwiz.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time this JVM and the processes it started and waited for have used (Linux {@code
 * /proc/self/stat}), so that a run's cost on CI can be judged on a busy machine, where wall time says
 * little. PostgreSQL's server processes are not children (pg_ctl detaches them) and are not counted.
 */
final class CpuTime {
    private static final double TICKS_PER_SECOND = 100;

    private CpuTime() {}

    static String report() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
            double own = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            double children = (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
            return String.format("CPU %.0f s in the test JVM, %.0f s in the processes it started", own, children);
        } catch (IOException | RuntimeException e) {
            return "CPU time unknown (" + e.getMessage() + ")";
        }
    }
}
