package io.certwiz.server.wizard;

import io.certwiz.CertwizException;
import io.certwiz.acme.client.AcmeProgress;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online requests the wizard runs in the background, one virtual thread each, so that a request to an
 * ACME CA is followed on the progress page instead of holding one HTTP call for a minute. Each job
 * records what the request reports (its task, steps done of total, and status lines), belongs to the
 * session that started it, and is forgotten {@link #KEEP} after it ends. Kept in memory only: a restart
 * forgets them, as it forgets the sessions.
 */
final class WizardRequestJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WizardRequestJobs.class);
    /** Requests one session may have running at once. */
    static final int MAX_RUNNING = 3;
    /** Jobs one session keeps, running or ended; the oldest ended ones go first. */
    static final int MAX_KEPT = 20;
    /** How long an ended job stays to be looked at. */
    static final Duration KEEP = Duration.ofMinutes(10);
    /** Status lines kept per job; later ones are counted, not kept. */
    static final int MAX_LINES = 200;

    private static final SecureRandom RANDOM = new SecureRandom();

    enum State {
        RUNNING,
        DONE,
        FAILED
    }

    /** One job at one moment, as the progress page and its JSON twin show it. */
    record Snapshot(
            String id,
            String ca,
            String task,
            State state,
            int done,
            int total,
            List<String> lines,
            int omittedLines,
            String location,
            CertwizException error) {}

    /** The request itself: reports to {@code progress}, returns where to go once it is done. */
    @FunctionalInterface
    interface Work {
        String run(AcmeProgress progress);
    }

    /** One request running or ended; its progress sink records what the request reports. */
    static final class Job implements AcmeProgress {
        final String id;
        final String owner;
        final String ca;
        final WizardRequestForm form;
        private String task;
        private int total;
        private int done;
        private final List<String> lines = new ArrayList<>();
        private int omittedLines;
        private State state = State.RUNNING;
        private String location;
        private CertwizException error;
        private Instant ended;
        private Thread thread;

        Job(String id, String owner, String ca, WizardRequestForm form) {
            this.id = id;
            this.owner = owner;
            this.ca = ca;
            this.form = form;
        }

        @Override
        public synchronized void begin(String task, int steps) {
            this.task = task;
            this.total = Math.max(steps, 0);
            this.done = 0;
            line(task);
        }

        @Override
        public synchronized void step(String message) {
            done = total == 0 ? done + 1 : Math.min(done + 1, total);
            line("[" + done + "/" + total + "] " + message);
        }

        @Override
        public synchronized void note(String message) {
            line(message);
        }

        @Override
        public void end() {
            // The job ends when the request returns or throws, not when one ACME task ends.
        }

        private void line(String text) {
            if (lines.size() < MAX_LINES) {
                lines.add(text == null ? "" : text);
            } else {
                omittedLines++;
            }
        }

        /** Ends the job once; later calls change nothing. */
        synchronized void finish(State result, String location, CertwizException error, Instant at) {
            if (state != State.RUNNING) {
                return;
            }
            this.state = result;
            this.location = location;
            this.error = error;
            this.ended = at;
            this.thread = null;
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(id, ca, task, state, done, total, List.copyOf(lines), omittedLines, location, error);
        }

        synchronized boolean running() {
            return state == State.RUNNING;
        }

        synchronized boolean forgettable(Instant now) {
            return ended != null && !now.isBefore(ended.plus(KEEP));
        }

        synchronized Instant ended() {
            return ended;
        }

        private synchronized void interrupt() {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Clock clock;
    private boolean closed;

    WizardRequestJobs(Clock clock) {
        this.clock = clock;
    }

    /** Who owns the jobs a request starts: its browser session, or the API token holder. */
    static String owner(WizardSite site, Context ctx) {
        String session = site.sessionId(ctx);
        return session == null ? "bearer" : "session:" + session;
    }

    /**
     * Starts {@code work} on a virtual thread as a job of {@code owner}. Refused while the owner has
     * {@link #MAX_RUNNING} jobs running.
     */
    Job start(String owner, String ca, WizardRequestForm form, Work work) {
        Instant now = clock.instant();
        Job job;
        synchronized (this) {
            if (closed) {
                throw CertwizException.error("the server is stopping; try again once it is up");
            }
            prune(now);
            List<Job> own =
                    jobs.values().stream().filter(j -> j.owner.equals(owner)).toList();
            long running = own.stream().filter(Job::running).count();
            if (running >= MAX_RUNNING) {
                throw CertwizException.refused(
                        running + " online requests are running in this session already (at most " + MAX_RUNNING
                                + " at once); wait for one of them to end, then submit again");
            }
            own.stream()
                    .filter(j -> !j.running())
                    .sorted(Comparator.comparing(Job::ended))
                    .limit(Math.max(0, own.size() - (MAX_KEPT - 1)))
                    .forEach(j -> jobs.remove(j.id));
            job = new Job(random(), owner, ca, form);
            jobs.put(job.id, job);
            Job started = job;
            Thread thread = Thread.ofVirtual().name("wizard-request-" + ca).unstarted(() -> run(started, work));
            synchronized (job) {
                job.thread = thread;
            }
            thread.start();
        }
        return job;
    }

    private void run(Job job, Work work) {
        try {
            String location = work.run(job);
            job.finish(State.DONE, location, null, clock.instant());
        } catch (CertwizException e) {
            job.finish(State.FAILED, null, e, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("online request {} to {} failed: {}", job.id, job.ca, e.toString());
            job.finish(
                    State.FAILED,
                    null,
                    CertwizException.error("internal error: " + e.getClass().getSimpleName()),
                    clock.instant());
        } finally {
            // Anything else (an Error) still ends the job, so that its page stops waiting.
            job.finish(State.FAILED, null, CertwizException.error("the request stopped unexpectedly"), clock.instant());
        }
    }

    /** The owner's job with this id, or null (unknown, another session's, or forgotten). */
    Job find(String owner, String id) {
        prune(clock.instant());
        Job job = id == null ? null : jobs.get(id);
        return job != null && job.owner.equals(owner) ? job : null;
    }

    private void prune(Instant now) {
        jobs.values().removeIf(job -> job.forgettable(now));
    }

    /** Stops the running requests (the server is stopping). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        jobs.values().forEach(Job::interrupt);
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
