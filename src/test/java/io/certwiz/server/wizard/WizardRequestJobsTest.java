package io.certwiz.server.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import io.certwiz.server.support.MovableClock;
import io.certwiz.usage.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wizard's background requests: what a job records from the request's progress, how it ends, whom
 * it belongs to, how many run at once, and when it is forgotten.
 */
class WizardRequestJobsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final WizardRequestJobs jobs = new WizardRequestJobs(clock);
    private final CountDownLatch release = new CountDownLatch(1);
    private final WizardRequestForm form = WizardRequestForm.initial(List.of(Usage.Default));

    @AfterEach
    void stop() {
        release.countDown();
        jobs.close();
    }

    @Test
    void aJobRecordsTheTaskStepsAndLinesAndEndsWithWhereToGo() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        WizardRequestJobs.Job job = jobs.start("session:a", "lab", form, progress -> {
            progress.begin("Requesting from lab", 3);
            progress.note("ordering a certificate for dns:a.example");
            progress.step("dns:a.example: validated");
            reported.countDown();
            await(release);
            progress.step("order finalized");
            progress.end();
            return "/request/status/AB";
        });
        assertThat(reported.await(5, TimeUnit.SECONDS)).isTrue();
        WizardRequestJobs.Snapshot running = job.snapshot();
        assertThat(running.state()).isEqualTo(WizardRequestJobs.State.RUNNING);
        assertThat(running.ca()).isEqualTo("lab");
        assertThat(running.task()).isEqualTo("Requesting from lab");
        assertThat(running.done()).isEqualTo(1);
        assertThat(running.total()).isEqualTo(3);
        assertThat(running.lines())
                .containsExactly(
                        "Requesting from lab",
                        "ordering a certificate for dns:a.example",
                        "[1/3] dns:a.example: validated");
        assertThat(running.location()).isNull();

        release.countDown();
        WizardRequestJobs.Snapshot done = awaitEnd(job);
        assertThat(done.state()).isEqualTo(WizardRequestJobs.State.DONE);
        assertThat(done.done()).isEqualTo(2);
        assertThat(done.lines()).last().isEqualTo("[2/3] order finalized");
        assertThat(done.location()).isEqualTo("/request/status/AB");
        assertThat(done.error()).isNull();
    }

    @Test
    void failuresEndTheJobWithTheirErrorAndOtherThrowablesWithAnInternalError() throws Exception {
        WizardRequestJobs.Job refused = jobs.start("session:a", "lab", form, progress -> {
            throw CertwizException.error("cannot reach the CA lab");
        });
        WizardRequestJobs.Snapshot failed = awaitEnd(refused);
        assertThat(failed.state()).isEqualTo(WizardRequestJobs.State.FAILED);
        assertThat(failed.error().getMessage()).isEqualTo("cannot reach the CA lab");
        assertThat(failed.location()).isNull();

        WizardRequestJobs.Job broken = jobs.start("session:a", "lab", form, progress -> {
            throw new IllegalStateException("details stay in the log");
        });
        assertThat(awaitEnd(broken).error().getMessage()).isEqualTo("internal error: IllegalStateException");

        WizardRequestJobs.Job fatal = jobs.start("session:a", "lab", form, progress -> {
            throw new AssertionError("not an exception");
        });
        assertThat(awaitEnd(fatal).error().getMessage()).isEqualTo("the request stopped unexpectedly");
    }

    @Test
    void aJobBelongsToItsOwnerAndIsForgottenSomeMinutesAfterItEnds() throws Exception {
        WizardRequestJobs.Job job = jobs.start("session:a", "lab", form, progress -> "/done");
        awaitEnd(job);
        assertThat(jobs.find("session:a", job.id)).isSameAs(job);
        assertThat(jobs.find("session:b", job.id)).isNull();
        assertThat(jobs.find("bearer", job.id)).isNull();
        assertThat(jobs.find("session:a", "no-such-id")).isNull();
        assertThat(job.id).matches("[A-Za-z0-9_-]{32}");

        clock.advance(WizardRequestJobs.KEEP.minusSeconds(1));
        assertThat(jobs.find("session:a", job.id)).isSameAs(job);
        clock.advance(Duration.ofSeconds(1));
        assertThat(jobs.find("session:a", job.id)).isNull();
    }

    @Test
    void aRunningJobIsNeverForgottenAndEachOwnerRunsABoundedNumber() throws Exception {
        List<WizardRequestJobs.Job> running = new java.util.ArrayList<>();
        for (int i = 0; i < WizardRequestJobs.MAX_RUNNING; i++) {
            running.add(jobs.start("session:a", "lab", form, progress -> {
                await(release);
                return "/done";
            }));
        }
        assertThatThrownBy(() -> jobs.start("session:a", "lab", form, progress -> "/done"))
                .isInstanceOf(CertwizException.class)
                .hasMessageContaining("at most " + WizardRequestJobs.MAX_RUNNING + " at once");
        WizardRequestJobs.Job other = jobs.start("session:b", "lab", form, progress -> "/done");
        awaitEnd(other);

        clock.advance(WizardRequestJobs.KEEP.multipliedBy(3));
        assertThat(jobs.find("session:a", running.getFirst().id))
                .as("still running")
                .isNotNull();
        assertThat(jobs.find("session:b", other.id)).as("ended long ago").isNull();

        release.countDown();
        for (WizardRequestJobs.Job job : running) {
            awaitEnd(job);
        }
        assertThat(jobs.start("session:a", "lab", form, progress -> "/done")).isNotNull();
    }

    @Test
    void anOwnerKeepsABoundedNumberOfEndedJobsTheOldestGoFirst() throws Exception {
        List<WizardRequestJobs.Job> ended = new java.util.ArrayList<>();
        for (int i = 0; i < WizardRequestJobs.MAX_KEPT + 2; i++) {
            WizardRequestJobs.Job job = jobs.start("session:a", "lab", form, progress -> "/done");
            awaitEnd(job);
            ended.add(job);
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(ended.stream().filter(j -> jobs.find("session:a", j.id) != null))
                .hasSize(WizardRequestJobs.MAX_KEPT)
                .doesNotContain(ended.get(0), ended.get(1));
    }

    @Test
    void closingInterruptsTheRunningRequests() throws Exception {
        WizardRequestJobs.Job job = jobs.start("session:a", "lab", form, progress -> {
            try {
                Thread.sleep(60_000);
                return "/done";
            } catch (InterruptedException e) {
                throw CertwizException.error("interrupted while waiting for the CA");
            }
        });
        Thread.sleep(100);
        jobs.close();
        assertThat(awaitEnd(job).error().getMessage()).isEqualTo("interrupted while waiting for the CA");
        assertThatThrownBy(() -> jobs.start("session:a", "lab", form, progress -> "/done"))
                .hasMessageContaining("stopping");
    }

    private static WizardRequestJobs.Snapshot awaitEnd(WizardRequestJobs.Job job) throws InterruptedException {
        Instant limit = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(limit)) {
            WizardRequestJobs.Snapshot snapshot = job.snapshot();
            if (snapshot.state() != WizardRequestJobs.State.RUNNING) {
                return snapshot;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + job.id + " did not end");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CertwizException.error("interrupted");
        }
    }
}
