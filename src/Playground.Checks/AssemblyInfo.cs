namespace Playground.Checks;
