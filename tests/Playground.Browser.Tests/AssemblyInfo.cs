using Playground.Testing;

[assembly: AssemblyFixture(typeof(DockerEngine))]
// Each class runs a server, a Chromium and sandboxes; on a 2-core machine classes in parallel only make the
// real waits (shell start, checks) slower and flakier without finishing sooner.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
