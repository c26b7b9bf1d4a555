namespace Playground.Browser.Tests;

/// <summary>
/// lessons/getting-started/first-steps (environment shell): what the tests need to know about it. The commands are
/// the steps' `solve` scripts (01-create-a-file.md, 02-make-a-directory.md); the quiz answers are 03-quiz.md's.
/// </summary>
public static class FirstSteps
{
    public const string Track = "getting-started";
    public const string Lesson = "first-steps";
    public const string Image = "playground/shell:1";

    public static readonly string[] Step1Solve = ["echo 'Hello, Playground' > ~/hello.txt"];
    public static readonly string[] Step2Solve = ["mkdir -p ~/project/notes", "mv ~/hello.txt ~/project/notes/"];

    public const string Step1MissingFileMessage = "There is no file hello.txt in your home folder yet.";
    public const string Step1MissingFileMessageKo = "홈 폴더에 아직 hello.txt 파일이 없습니다.";
}
