// Package testkit holds the helpers meetbot's tests share across packages:
// an emulator closed with the test, a TCP proxy that can drop a backing
// service and bring it back, a log buffer safe for concurrent writers, a
// clock tests move forward, a wait for a condition with a deadline, and the
// Redis deployments the tests run against (RedisTargets, RedisKeys).
// Only tests import it.
package testkit
