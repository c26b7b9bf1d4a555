namespace Playground.Lessons;
