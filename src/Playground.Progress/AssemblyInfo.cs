namespace Playground.Progress;
