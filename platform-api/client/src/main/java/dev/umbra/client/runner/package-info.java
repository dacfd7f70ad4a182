/**
 * The runner protocol's messages (HTTP, under {@code /api/v1/runner/}, runner tokens only):
 * register, then claim (long poll), heartbeat (progress, buffered metrics; the answer says
 * continue or cancel), results, artifacts, complete or release. Every call about a run carries the
 * runner's id and the run's attempt, the fencing token: a call whose attempt is no longer current
 * gets 409 and changes nothing.
 */
package dev.umbra.client.runner;
