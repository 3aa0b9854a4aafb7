package io.certwiz.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workload's journal: before each operation a {@code begin N OP ARGS} line, after its commit a
 * {@code done N OP RESULT} line, each written before the workload goes on. The test kills processes, not
 * the machine: what a process wrote survives its SIGKILL in the kernel, so the lines need no fsync (the
 * store's commits are synced by certwiz itself, as always). An operation with a begin and no done was cut short (killed,
 * or failed while the database was down): it may or may not have committed. {@link #model} replays the
 * journal into what the store must hold.
 */
final class CrashJournal implements AutoCloseable {
    private final FileChannel channel;

    private CrashJournal(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens the journal for appending, first ending a line a kill cut in half. */
    static CrashJournal append(Path file) {
        try {
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            CrashJournal journal = new CrashJournal(channel);
            byte[] content = Files.readAllBytes(file);
            if (content.length > 0 && content[content.length - 1] != '\n') {
                journal.write("\n");
            }
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void begin(long n, String operation) {
        write("begin " + n + " " + operation + "\n");
    }

    void done(long n, String result) {
        write("done " + n + " " + result + "\n");
    }

    private void write(String line) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The journal's whole lines (a last line without its newline was cut by a kill: not written). */
    static List<String> lines(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int end = text.lastIndexOf('\n');
            return end < 0
                    ? List.of()
                    : text.substring(0, end + 1)
                            .lines()
                            .filter(l -> !l.isBlank())
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long count(List<String> lines, String kind) {
        return lines.stream().filter(l -> l.startsWith(kind + " ")).count();
    }

    /** What one thing must be at the end. */
    enum Expect {
        PRESENT,
        ABSENT,
        MAYBE
    }

    /** A certificate the journal says must be there: its store and whether it has its key. */
    record HeldCertificate(String store, boolean key) {}

    /**
     * What the store must hold after the journaled operations: certificates and pending requests that must
     * be there or gone, and for each usage the thumbprints its assignment may have ({@code ""}: none); a
     * usage an operation cut short may have left anywhere is unconstrained until the next operation on it.
     */
    static final class Model {
        final Map<String, Expect> certificates = new HashMap<>();
        final Map<String, HeldCertificate> held = new HashMap<>();
        final Map<Long, Expect> requests = new HashMap<>();
        final Map<String, Set<String>> usages = new HashMap<>();
        final Set<String> unconstrained = new HashSet<>();
        /** How many operations of each kind were done, and cut short ("renew cut short"). */
        final Map<String, Integer> kinds = new java.util.TreeMap<>();

        long done;
        long cutShort;

        private void present(String thumbprint, String store, boolean key) {
            certificates.put(thumbprint, Expect.PRESENT);
            held.put(thumbprint, new HeldCertificate(store, key));
        }

        private void assigned(String usage, String thumbprint) {
            unconstrained.remove(usage);
            usages.put(usage, new HashSet<>(Set.of(thumbprint)));
        }

        private void mayAssign(String usage, String thumbprint) {
            if (!unconstrained.contains(usage)) {
                usages.computeIfAbsent(usage, u -> new HashSet<>(Set.of(""))).add(thumbprint);
            }
        }

        private void loosen(String usages) {
            for (String usage : list(usages)) {
                this.usages.remove(usage);
                unconstrained.add(usage);
            }
        }

        void apply(String[] done) {
            this.done++;
            kinds.merge(done[2], 1, Integer::sum);
            switch (done[2]) {
                case "online" -> {
                    present(done[3], "personal", true);
                    list(done[4]).forEach(u -> assigned(u, done[3]));
                }
                case "offline" -> requests.put(Long.parseLong(done[3]), Expect.PRESENT);
                case "import-reply" -> {
                    requests.put(Long.parseLong(done[3]), Expect.ABSENT);
                    present(done[4], "personal", true);
                    list(done[5]).forEach(u -> assigned(u, done[4]));
                }
                case "import-ca" -> present(done[3], done[4], false);
                case "assign" -> {
                    assigned(done[4], done[3]);
                    if (certificates.get(done[3]) != Expect.PRESENT) {
                        present(done[3], "personal", true);
                    }
                }
                case "unassign" -> assigned(done[3], "");
                case "renew" -> {
                    // The successor holds every usage the renewed certificate served; that one stays held.
                    present(done[4], "personal", true);
                    list(done[5]).forEach(u -> assigned(u, done[4]));
                }
                case "remove" -> {
                    certificates.put(done[3], Expect.ABSENT);
                    held.remove(done[3]);
                }
                case "clear" -> requests.put(Long.parseLong(done[3]), Expect.ABSENT);
                case "refused" -> {
                    // Refused by a check: nothing changed.
                }
                default -> throw new IllegalStateException("unknown journal line " + String.join(" ", done));
            }
        }

        /** An operation cut short: whatever it would have changed may or may not have changed. */
        void cutShort(String[] begin) {
            cutShort++;
            kinds.merge(begin[2] + " cut short", 1, Integer::sum);
            switch (begin[2]) {
                case "online" -> loosen(begin[3]);
                case "import-reply" -> {
                    maybe(requests, Long.parseLong(begin[3]));
                    loosen(begin[4]);
                }
                case "assign" -> mayAssign(begin[4], begin[3]);
                case "unassign" -> mayAssign(begin[3], "");
                case "renew" -> loosen(begin[4]);
                case "remove" -> {
                    maybe(certificates, begin[3]);
                    held.remove(begin[3]);
                }
                case "clear" -> maybe(requests, Long.parseLong(begin[3]));
                default -> {
                    // offline and import-ca only add what the journal does not name.
                }
            }
        }

        private static <K> void maybe(Map<K, Expect> map, K key) {
            map.put(key, Expect.MAYBE);
        }
    }

    /** Replays the journal: every done line applies; a begin whose done never came is cut short. */
    static Model model(List<String> lines) {
        Model model = new Model();
        String[] open = null;
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields[0].equals("begin")) {
                if (open != null) {
                    model.cutShort(open);
                }
                open = fields;
            } else if (fields[0].equals("done")) {
                if (open == null || !open[1].equals(fields[1])) {
                    throw new IllegalStateException("a done line without its begin: " + line);
                }
                model.apply(fields);
                open = null;
            } else {
                throw new IllegalStateException("not a journal line: " + line);
            }
        }
        if (open != null) {
            model.cutShort(open);
        }
        return model;
    }

    static List<String> list(String usages) {
        return usages.equals("-") ? List.of() : new ArrayList<>(Arrays.asList(usages.split(",")));
    }
}
