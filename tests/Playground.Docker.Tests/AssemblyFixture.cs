using Playground.Testing;

[assembly: AssemblyFixture(typeof(DockerEngine))]
