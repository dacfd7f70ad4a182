package dev.umbra.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.client.dto.AddSeedsRequest;
import dev.umbra.client.dto.ArtifactDto;
import dev.umbra.client.dto.ComparisonDto;
import dev.umbra.client.dto.ComputeDto;
import dev.umbra.client.dto.CreateExperimentRequest;
import dev.umbra.client.dto.DatasetDto;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.dto.ExperimentDto;
import dev.umbra.client.dto.GroupDto;
import dev.umbra.client.dto.LaunchedPodDto;
import dev.umbra.client.dto.LeaderboardDto;
import dev.umbra.client.dto.Page;
import dev.umbra.client.dto.RegisterDatasetRequest;
import dev.umbra.client.dto.ReproducibilityDto;
import dev.umbra.client.dto.RunDto;
import dev.umbra.client.dto.RunnerDto;
import dev.umbra.client.dto.SpecDifferenceDto;
import dev.umbra.client.dto.SuiteDto;
import dev.umbra.client.dto.SuiteRequest;
import dev.umbra.client.dto.SweepDto;
import dev.umbra.client.dto.SweepRunDto;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The user API in Java: experiments, runs, sweeps and the benchmark suite, comparison and
 * leaderboards, reproducibility, artifacts. Errors arrive as {@link ApiProblemException} (the
 * API's own words: problem detail and every field error) or {@link PlatformUnreachableException}.
 *
 * <p>Lists take their filters as query parameters by their API names ({@code experiment_id},
 * {@code method}, {@code metric}, ...), so a new server-side filter needs no new client.
 */
public final class UmbraClient {

    private static final Duration CALL = Duration.ofSeconds(60);
    private static final Duration TRANSFER = Duration.ofMinutes(30);

    private final HttpJson http;

    public UmbraClient(URI server, String token) {
        this.http = new HttpJson(server, token);
    }

    // --- experiments -------------------------------------------------------------------------

    public ExperimentDto createExperiment(String name, String description, List<String> tags) {
        return http.send("POST", "api/v1/experiments", new CreateExperimentRequest(name, description, tags),
                ExperimentDto.class, CALL);
    }

    public ExperimentDto experiment(long id) {
        return http.send("GET", "api/v1/experiments/" + id, null, ExperimentDto.class, CALL);
    }

    public Page<ExperimentDto> experiments(Map<String, String> filters) {
        return http.send("GET", "api/v1/experiments" + query(filters), null, page(ExperimentDto.class), CALL);
    }

    // --- datasets ----------------------------------------------------------------------------

    public DatasetDto registerDataset(RegisterDatasetRequest request) {
        return http.send("POST", "api/v1/datasets", request, DatasetDto.class, CALL);
    }

    public List<DatasetDto> datasets() {
        return http.sendForList("GET", "api/v1/datasets", null, DatasetDto.class, CALL);
    }

    // --- runners ------------------------------------------------------------------------------

    public List<RunnerDto> runners() {
        return http.sendForList("GET", "api/v1/runners", null, RunnerDto.class, CALL);
    }

    /** The pods the Kubernetes launcher started for the team's runs, newest first. */
    public List<LaunchedPodDto> launchedPods() {
        return http.sendForList("GET", "api/v1/runners/pods", null, LaunchedPodDto.class, CALL);
    }

    // --- runs --------------------------------------------------------------------------------

    /** Submits a run spec (a JSON tree; see docs/run-spec.md) to an experiment. */
    public RunDto submitRun(long experimentId, JsonNode spec) {
        return http.send("POST", "api/v1/experiments/" + experimentId + "/runs", spec, RunDto.class, CALL);
    }

    public RunDto run(long id) {
        return http.send("GET", "api/v1/runs/" + id, null, RunDto.class, CALL);
    }

    /** Runs, newest first; filters: experiment_id, status, method, dataset, backbone, config_hash, run_hash, limit, cursor. */
    public Page<RunDto> runs(Map<String, String> filters) {
        return http.send("GET", "api/v1/runs" + query(filters), null, page(RunDto.class), CALL);
    }

    public RunDto cancelRun(long id) {
        return http.send("POST", "api/v1/runs/" + id + "/cancel", null, RunDto.class, CALL);
    }

    /** Queues an identical run: same spec, same hashes. */
    public RunDto rerun(long id) {
        return http.send("POST", "api/v1/runs/" + id + "/rerun", null, RunDto.class, CALL);
    }

    public ReproducibilityDto reproducibility(long id) {
        return http.send("GET", "api/v1/runs/" + id + "/reproducibility", null, ReproducibilityDto.class, CALL);
    }

    public List<EvalResultDto> results(long runId) {
        return http.sendForList("GET", "api/v1/runs/" + runId + "/results", null, EvalResultDto.class, CALL);
    }

    public Map<String, Double> latestMetrics(long runId) {
        return http.send("GET", "api/v1/runs/" + runId + "/metrics/latest", null,
                HttpJson.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Double.class), CALL);
    }

    public List<ArtifactDto> artifacts(long runId) {
        return http.sendForList("GET", "api/v1/runs/" + runId + "/artifacts", null, ArtifactDto.class, CALL);
    }

    /** Downloads an artifact to {@code target}, verifying its SHA-256. */
    public void download(long runId, long artifactId, Path target) {
        HttpRequest request = http.request("api/v1/runs/" + runId + "/artifacts/" + artifactId + "/content", TRANSFER)
                .GET().build();
        http.download(request, target);
    }

    /** The paths where two runs' resolved specs differ. */
    public List<SpecDifferenceDto> specDiff(long runId, long otherRunId) {
        return http.sendForList("GET", "api/v1/runs/" + runId + "/spec-diff?other=" + otherRunId, null,
                SpecDifferenceDto.class, CALL);
    }

    // --- sweeps ------------------------------------------------------------------------------

    /** Submits a sweep document (base spec, axes, seeds; see docs/sweeps-and-comparison.md). */
    public SweepDto submitSweep(long experimentId, JsonNode sweep) {
        return http.send("POST", "api/v1/experiments/" + experimentId + "/sweeps", sweep, SweepDto.class, CALL);
    }

    public SweepDto sweep(long id) {
        return http.send("GET", "api/v1/sweeps/" + id, null, SweepDto.class, CALL);
    }

    public Page<SweepDto> sweeps(long experimentId, Map<String, String> paging) {
        return http.send("GET", "api/v1/experiments/" + experimentId + "/sweeps" + query(paging), null,
                page(SweepDto.class), CALL);
    }

    /** One page of a sweep's runs in sweep order; pass {@code next_cursor} back as {@code cursor}. */
    public Page<SweepRunDto> sweepRuns(long id, Map<String, String> paging) {
        return http.send("GET", "api/v1/sweeps/" + id + "/runs" + query(paging), null, page(SweepRunDto.class), CALL);
    }

    public SweepDto cancelSweep(long id) {
        return http.send("POST", "api/v1/sweeps/" + id + "/cancel", null, SweepDto.class, CALL);
    }

    public SweepDto addSeeds(long id, List<Long> seeds) {
        return http.send("POST", "api/v1/sweeps/" + id + "/seeds", new AddSeedsRequest(seeds), SweepDto.class, CALL);
    }

    public SuiteDto benchmarkSuite() {
        return http.send("GET", "api/v1/suites/benchmark", null, SuiteDto.class, CALL);
    }

    public SweepDto launchBenchmarkSuite(long experimentId, SuiteRequest request) {
        return http.send("POST", "api/v1/experiments/" + experimentId + "/suites/benchmark", request, SweepDto.class, CALL);
    }

    // --- comparison --------------------------------------------------------------------------

    /** Configurations with every metric summarised; filters: experiment_id, sweep_id, dataset, backbone, epochs, method. */
    public List<GroupDto> groups(Map<String, String> filters) {
        return http.sendForList("GET", "api/v1/groups" + query(filters), null, GroupDto.class, CALL);
    }

    /** Leaderboards; the group filters plus metric, protocol and limit (rows per board). */
    public LeaderboardDto leaderboard(Map<String, String> filters) {
        return http.send("GET", "api/v1/leaderboard" + query(filters), null, LeaderboardDto.class, CALL);
    }

    /** Configuration {@code b} against {@code a}, by config hash. */
    public ComparisonDto compare(String configHashA, String configHashB) {
        return http.send("GET", "api/v1/compare" + query(Map.of("a", configHashA, "b", configHashB)), null,
                ComparisonDto.class, CALL);
    }

    public ComputeDto compute(Map<String, String> filters) {
        return http.send("GET", "api/v1/compute" + query(filters), null, ComputeDto.class, CALL);
    }

    private static JavaType page(Class<?> element) {
        return HttpJson.MAPPER.getTypeFactory().constructParametricType(Page.class, element);
    }

    private static String query(Map<String, String> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return "";
        }
        return parameters.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
