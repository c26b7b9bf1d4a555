using Playground.Testing;

// One engine handle for the whole assembly: tests use it to skip when the engine or an image is
// missing, and to act on sandboxes behind the server's back (kill a container mid-check).
[assembly: AssemblyFixture(typeof(DockerEngine))]
