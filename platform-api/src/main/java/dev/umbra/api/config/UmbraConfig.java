package dev.umbra.api.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every {@code umbra.*} option of the platform; the README's configuration table lists them. */
@ConfigMapping(prefix = "umbra")
public interface UmbraConfig {

    Embedded embedded();

    Scheduler scheduler();

    LocalRunners localRunners();

    Sweeps sweeps();

    Artifacts artifacts();

    Datasets datasets();

    /** Who starts runners for the queue: nobody ({@code none}: agents are started by hand) or {@code kubernetes}. */
    @WithDefault("none")
    LauncherKind launcher();

    /** The Kubernetes launcher ({@code umbra.launcher=kubernetes}). */
    @WithName("launcher.kubernetes")
    KubernetesLauncher kubernetesLauncher();

    enum LauncherKind { NONE, KUBERNETES }

    /** The largest request body the API takes, except artifact uploads (which stream to the store). */
    @WithDefault("16M")
    MemorySize maxRequestBody();
    Auth auth();

    interface Embedded {
        /** Where the platform keeps its embedded database, datasets and local artifact store. */
        Path dataDir();

        /** Start the embedded PostgreSQL when no JDBC URL is configured (read by UmbraMain). */
        @WithDefault("true")
        boolean database();
    }

    interface Scheduler {
        /** How long a claim or heartbeat holds a run. */
        @WithDefault("60s")
        Duration lease();

        /** Delay before a run whose lease was lost may run again, doubled per loss. */
        @WithDefault("5s")
        Duration backoffBase();

        @WithDefault("5m")
        Duration backoffMax();

        /** How often expired leases are reaped. */
        @WithDefault("5s")
        Duration reapInterval();

        /** The longest a claim waits for work before answering "nothing" (long poll). */
        @WithDefault("20s")
        Duration maxClaimWait();
    }

    interface LocalRunners {
        /** Runner agents the platform starts on this machine (CPU); 0 switches them off. */
        @WithDefault("1")
        int count();

        /** The runner jar; by default runner/target/umbra-runner.jar of this checkout. */
        Optional<Path> jar();

        /** libtorch threads per local runner; 0: the runner's default (all cores). */
        @WithDefault("0")
        int threads();
    }

    interface Datasets {
        /**
         * The directories under which datasets may be registered: a dataset's location must lie
         * inside one of them, so that a team member cannot make the platform serve arbitrary files
         * of its host to runners.
         */
        @WithDefault("${umbra.embedded.data-dir}/datasets")
        List<Path> roots();
    }

    interface KubernetesLauncher {
        /** Where the runner Jobs go; by default the namespace the platform runs in. */
        Optional<String> namespace();

        /** The runner image (required with the launcher on). */
        Optional<String> image();

        /** The platform's URL as launched pods reach it, e.g. http://umbra:8080 (required with the launcher on). */
        Optional<String> serverUrl();

        /** A Secret whose key {@code token} holds a platform runner token, given to every launched pod. */
        @WithDefault("umbra-runner-token")
        String tokenSecret();

        /** Launched pods alive at once, all teams together. */
        @WithDefault("8")
        int maxPods();

        /** Launched pods alive at once for one team's runs. */
        @WithDefault("4")
        int maxPodsPerTeam();

        /** A pod not running after this long (unschedulable, image not pulled, …) is deleted and its run launched again. */
        @WithDefault("10m")
        Duration pendingTimeout();

        /** How long Kubernetes keeps a finished Job (ttlSecondsAfterFinished), and the launcher its record of the pod. */
        @WithDefault("10m")
        Duration ttlAfterFinished();

        /** Memory a GPU run's pod requests per GPU. */
        @WithDefault("16Gi")
        String memoryPerGpu();

        /** Memory a CPU run's pod requests. */
        @WithDefault("8Gi")
        String cpuRunMemory();

        /** Launches of one run that may fail (pod failed, never scheduled) before the launcher stops trying for a while. */
        @WithDefault("3")
        int maxFailedLaunches();

        /** How often the launcher matches pods to the queue. */
        @WithDefault("5s")
        Duration interval();
    }

    interface Sweeps {
        /** The most runs one sweep may expand to (adding seeds included); a larger sweep is refused. */
        @WithDefault("10000")
        int maxRuns();
    }

    interface Artifacts {
        /** Where blobs live: {@code local} (under the data directory) or {@code s3}. */
        @WithDefault("local")
        StoreKind store();

        S3 s3();

        /** How long a presigned upload or download URL handed to a runner or user stays valid. */
        @WithDefault("15m")
        Duration presignExpiry();

        /** Unreferenced blobs older than this are garbage-collected; the grace covers uploads in flight. */
        @WithDefault("1h")
        Duration gcGrace();

        /** How often unreferenced blobs are collected. */
        @WithDefault("1h")
        Duration gcInterval();

        enum StoreKind { LOCAL, S3 }

        interface S3 {
            /** The S3 server's URL, e.g. http://minio:9000; required with store=s3. */
            Optional<String> endpoint();

            @WithDefault("us-east-1")
            String region();

            @WithDefault("umbra-artifacts")
            String bucket();

            Optional<String> accessKey();

            Optional<String> secretKey();

            /** Part size of multipart uploads the platform makes (S3's minimum is 5 MiB). */
            @WithDefault("16M")
            MemorySize partSize();
        }
    }

    interface Auth {
        /** The first admin's API token, created at first start; random (and printed once) when absent. */
        Optional<String> bootstrapToken();

        /** The first admin's portal password; random (and printed once) when absent. */
        Optional<String> bootstrapPassword();

        /** How long a portal session lasts after sign-in. */
        @WithDefault("12h")
        Duration sessionTtl();

        /** Send the session cookie with {@code Secure}; switch off only to sign in over plain HTTP from another host. */
        @WithDefault("true")
        boolean secureCookies();

        /** Failed portal sign-ins a username may make in a row before it must wait. */
        @WithDefault("5")
        int signInFailures();

        /** After those, one more sign-in attempt per this long (per username). */
        @WithDefault("1m")
        Duration signInRefill();

        /** Metric ingestion requests a token may make per second, sustained ({@code POST /runs/{id}/metrics}). */
        @WithDefault("20")
        double ingestPerSecond();

        /** Metric ingestion requests a token may make in one burst above the sustained rate. */
        @WithDefault("100")
        int ingestBurst();

        /**
         * How long a replica remembers what a secret may do (token, membership, role) before reading it
         * again. A revocation or membership change reaches every replica at once (V16's notification);
         * this bounds it only while a replica's listening session is down. 0 switches the cache off.
         */
        @WithDefault("5s")
        Duration identityCache();
    }
}
