using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Playground.Docker.Tests")]
