namespace Playground.Lessons;

/// <summary>The starter files of a new lesson: commented examples of every key, valid as written.</summary>
internal static class LessonTemplates
{
    public static string TrackYaml(string trackId, string lessonFolder)
    {
        var title = Title(trackId);
        return "title: {en: " + title + ", ko: " + title + "}\n"
               + "description: {en: \"What this track teaches.\", ko: \"이 트랙에서 배우는 내용.\"}\n"
               + "order: 100                  # position among the tracks (smaller first)\n"
               + $"lessons: [{lessonFolder}]\n";
    }

    public static string LessonMd(string lessonFolder, string environment) => $"""
        ---
        # id: {lessonFolder}             # optional, defaults to the folder name
        title: {Title(lessonFolder)}
        summary: One sentence for the catalog.
        level: beginner                # beginner | intermediate | advanced
        duration: 15                   # minutes
        environment: {environment}{(environment == Lesson.NoEnvironment ? "                # no terminal: quiz and reading only" : "")}
        # terminals: [main]            # several names => tabs; code blocks say `run term=2`
        tags: []
        # setup: |                     # runs once in the sandbox before step 1
        #   mkdir -p ~/project
        # show_solution: after-failure # after-failure | always | never
        ---
        What the learner will do in this lesson, in two or three sentences.

        > [!TIP]
        > Steps are the files 01-*.md, 02-*.md ... next to this one.
        """ + "\n";

    public static string LessonKoMd(string lessonFolder) => $"""
        ---
        title: {Title(lessonFolder)}
        summary: 카탈로그에 보일 한 문장.
        ---
        이 레슨에서 할 일을 두세 문장으로 설명하세요.
        """ + "\n";

    public static string StepMd(string environment) => environment == Lesson.NoEnvironment ? QuizStepMd : ShellStepMd;

    public static string StepKoMd(string environment) => environment == Lesson.NoEnvironment ? QuizStepKoMd : ShellStepKoMd;

    private const string ShellStepMd = """
        ---
        title: Create a file
        # mode: click                  # click (default) | watch: re-checks every few seconds
        # timeout: 10                  # seconds per check
        checks:
          - id: file-exists
            run: test -f ~/hello.txt
            fail: There is no file hello.txt in your home folder yet.
          # - id: has-text
          #   needs: file-exists       # runs only when file-exists passed
          #   run: grep -q hello ~/hello.txt
          #   fail: hello.txt does not contain the word hello.
        hints:
          - Files are created with the `touch` command.
          - The full command is `touch ~/hello.txt`.
        solve: |
          touch ~/hello.txt
        # solution: |                  # shown by "Show solution"; default: the solve script
        #   Run `touch ~/hello.txt`.
        ---
        Create an empty file called `hello.txt` in your home folder:

        ```bash run
        touch ~/hello.txt
        ```

        Then press **Check**.
        """ + "\n";

    private const string ShellStepKoMd = """
        ---
        title: 파일 만들기
        hints:
          - 파일은 `touch` 명령으로 만듭니다.
          - 전체 명령은 `touch ~/hello.txt` 입니다.
        fail:
          file-exists: 홈 폴더에 아직 hello.txt 파일이 없습니다.
        ---
        홈 폴더에 빈 파일 `hello.txt`를 만드세요:

        ```bash run
        touch ~/hello.txt
        ```

        그다음 **확인**을 누르세요.
        """ + "\n";

    private const string QuizStepMd = """
        ---
        title: Check your understanding
        ---
        Answer every question correctly to pass this step.

        ```quiz
        - id: q1
          type: single                 # single | multiple | text | numeric
          question: Which command lists files?
          answer: ls
          distractors: [cd, pwd]
          explanation: ls lists the entries of a folder.
        ```
        """ + "\n";

    private const string QuizStepKoMd = """
        ---
        title: 이해도 확인
        ---
        모든 문제를 맞히면 이 단계를 통과합니다.

        ```quiz
        - id: q1
          type: single
          question: 파일 목록을 보여주는 명령은?
          answer: ls
          distractors: [cd, pwd]
          explanation: ls는 폴더의 항목을 나열합니다.
        ```
        """ + "\n";

    private static string Title(string slug)
    {
        var words = slug.Replace('-', ' ').Replace('_', ' ').Trim();
        return words.Length == 0 ? slug : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
