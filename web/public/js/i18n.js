// UI strings of the front end in both supported languages. Lesson content comes translated from the server;
// these are only the words of the chrome around it.

export const LANGUAGES = ['en', 'ko'];

const STRINGS = {
  en: {
    'app.name': 'Playground',
    'app.tagline': 'Hands-on lessons with a real terminal',
    'lang.label': 'Language',
    'theme.toLight': 'Switch to light theme',
    'theme.toDark': 'Switch to dark theme',
    'common.loading': 'Loading…',
    'common.retry': 'Try again',
    'common.backToCatalog': 'All lessons',
    'common.close': 'Close',

    'catalog.title': 'Lessons',
    'catalog.empty': 'No lessons are published yet.',
    'catalog.loadFailed': 'The lessons could not be loaded.',
    'catalog.lessons': '{n} lessons',
    'catalog.lesson1': '1 lesson',
    'catalog.minutes': '{n} min',
    'catalog.progress': '{passed} of {total} steps',
    'catalog.done': 'Done',
    'catalog.notStarted': 'Not started',
    'catalog.unavailable': 'Unavailable',
    'catalog.unavailableTitle': 'The environment of this lesson is not installed on this server.',
    'catalog.noTerminal': 'No terminal',

    'level.beginner': 'Beginner',
    'level.intermediate': 'Intermediate',
    'level.advanced': 'Advanced',

    'lesson.loadFailed': 'The lesson could not be loaded.',
    'lesson.notFound': 'This lesson does not exist.',
    'lesson.fallback': 'This lesson is not yet translated; showing English.',
    'lesson.intro': 'Introduction',
    'lesson.finish': 'Finish',
    'lesson.finishTitle': 'Lesson complete',
    'lesson.finishIncomplete': '{passed} of {total} steps passed. You can go back and finish the remaining steps.',
    'lesson.finishAllDone': 'You passed every step of this lesson.',
    'lesson.steps': 'Steps',
    'lesson.stepOf': 'Step {n} of {total}',
    'lesson.prev': 'Previous',
    'lesson.next': 'Next',
    'lesson.start': 'Start',
    'lesson.finishButton': 'Finish',
    'lesson.progress': 'Lesson progress',
    'lesson.stepPassed': 'Step complete',
    'lesson.authorReloaded': 'Lesson reloaded from disk.',

    'code.run': 'Run',
    'code.runTitle': 'Type this command into terminal {n}',
    'code.copy': 'Copy',
    'code.copied': 'Copied',
    'code.copyFailed': 'Copy failed',
    'code.noTerminal': 'No terminal is connected',

    'check.button': 'Check',
    'check.checking': 'Checking…',
    'check.watching': 'This step checks itself while you work.',
    'check.passed': 'Well done — this step is complete.',
    'check.failed': 'Not yet. Look at the results below.',
    'check.error': 'The check could not run.',
    'check.timeout': 'The check did not answer in time; try again.',
    'check.noWorkspace': 'Your environment is not running, so the check cannot run.',
    'check.output': 'Output',
    'check.status.passed': 'Passed',
    'check.status.failed': 'Failed',
    'check.status.timed-out': 'Timed out',
    'check.status.error': 'Error',
    'check.status.skipped': 'Skipped',
    'check.skippedNeeds': 'Not checked yet: a check above did not pass.',
    'check.timedOut': 'This check did not finish in time.',
    'check.hints': 'Hints',
    'check.hintsRevealed': '{n} of {total} revealed',
    'check.hintsLocked': 'Hints appear here when a check fails.',
    'check.showSolution': 'Show solution',
    'check.solution': 'Solution',
    'check.solutionFailed': 'The solution could not be shown.',

    'quiz.submit': 'Submit',
    'quiz.submitting': 'Submitting…',
    'quiz.passed': 'All answers are correct.',
    'quiz.failed': 'Some answers are not correct yet. Try again.',
    'quiz.correct': 'Correct',
    'quiz.incorrect': 'Incorrect',
    'quiz.correctAnswer': 'Correct answer: {answer}',
    'quiz.error': 'The answers could not be submitted.',

    'ws.starting': 'Starting your environment…',
    'ws.capacityTitle': 'Playground is at capacity',
    'ws.capacityText': 'All sandboxes are in use right now. Wait a moment and try again.',
    'ws.failedTitle': 'Your environment could not be started',
    'ws.countdownTitle': 'Time left in this session',
    'ws.countdownIdle': 'Time left before the session ends for inactivity',
    'ws.warning': 'Your session ends in {time}.',
    'ws.extend': 'Extend',
    'ws.extended': 'Session extended.',
    'ws.extendFailed': 'The session could not be extended.',
    'ws.endedTitle': 'Your session has ended',
    'ws.newSession': 'Start a new session',
    'ws.reason.idle': 'The session ended after a period of inactivity.',
    'ws.reason.expired': 'The session reached its time limit.',
    'ws.reason.destroyed': 'The session was closed.',
    'ws.reason.crashed': 'The sandbox stopped unexpectedly.',
    'ws.reason.out-of-memory': 'The sandbox ran out of memory and was stopped.',
    'ws.reason.server-shutdown': 'The Playground server was shut down.',
    'ws.reason.unknown': 'The session ended.',
    'ws.endedNote': 'Files in the old sandbox are gone; your lesson progress is kept.',

    'env.unavailableTitle': 'This lesson’s environment is not available',
    'env.installHint': 'How to install it',

    'term.connecting': 'Connecting…',
    'term.reconnecting': 'Reconnecting…',
    'term.connected': 'Connected',
    'term.ended': 'Session ended',
    'term.error': 'Terminal error',
    'term.denied': 'The terminal refused the connection.',
    'term.replaced': 'This terminal is open in another window. Click here to use it here.',
    'term.tabs': 'Terminals',
  },
  ko: {
    'app.name': 'Playground',
    'app.tagline': '실제 터미널에서 직접 해 보는 실습',
    'lang.label': '언어',
    'theme.toLight': '밝은 테마로 전환',
    'theme.toDark': '어두운 테마로 전환',
    'common.loading': '불러오는 중…',
    'common.retry': '다시 시도',
    'common.backToCatalog': '전체 레슨',
    'common.close': '닫기',

    'catalog.title': '레슨',
    'catalog.empty': '아직 공개된 레슨이 없습니다.',
    'catalog.loadFailed': '레슨 목록을 불러오지 못했습니다.',
    'catalog.lessons': '레슨 {n}개',
    'catalog.lesson1': '레슨 1개',
    'catalog.minutes': '{n}분',
    'catalog.progress': '{total}단계 중 {passed}단계 완료',
    'catalog.done': '완료',
    'catalog.notStarted': '시작 전',
    'catalog.unavailable': '사용 불가',
    'catalog.unavailableTitle': '이 레슨의 실습 환경이 서버에 설치되어 있지 않습니다.',
    'catalog.noTerminal': '터미널 없음',

    'level.beginner': '초급',
    'level.intermediate': '중급',
    'level.advanced': '고급',

    'lesson.loadFailed': '레슨을 불러오지 못했습니다.',
    'lesson.notFound': '존재하지 않는 레슨입니다.',
    'lesson.fallback': '이 레슨은 아직 번역되지 않아 영어로 표시합니다.',
    'lesson.intro': '소개',
    'lesson.finish': '마무리',
    'lesson.finishTitle': '레슨 완료',
    'lesson.finishIncomplete': '{total}단계 중 {passed}단계를 통과했습니다. 돌아가서 남은 단계를 마칠 수 있습니다.',
    'lesson.finishAllDone': '이 레슨의 모든 단계를 통과했습니다.',
    'lesson.steps': '단계',
    'lesson.stepOf': '{total}단계 중 {n}단계',
    'lesson.prev': '이전',
    'lesson.next': '다음',
    'lesson.start': '시작하기',
    'lesson.finishButton': '마치기',
    'lesson.progress': '레슨 진행률',
    'lesson.stepPassed': '단계 완료',
    'lesson.authorReloaded': '레슨을 디스크에서 다시 불러왔습니다.',

    'code.run': '실행',
    'code.runTitle': '이 명령을 터미널 {n}에 입력합니다',
    'code.copy': '복사',
    'code.copied': '복사됨',
    'code.copyFailed': '복사 실패',
    'code.noTerminal': '연결된 터미널이 없습니다',

    'check.button': '확인',
    'check.checking': '확인 중…',
    'check.watching': '이 단계는 작업하는 동안 자동으로 확인됩니다.',
    'check.passed': '잘했습니다 — 이 단계를 완료했습니다.',
    'check.failed': '아직입니다. 아래 결과를 확인하세요.',
    'check.error': '확인을 실행하지 못했습니다.',
    'check.timeout': '확인이 제시간에 응답하지 않았습니다. 다시 시도하세요.',
    'check.noWorkspace': '실습 환경이 실행 중이 아니어서 확인할 수 없습니다.',
    'check.output': '출력',
    'check.status.passed': '통과',
    'check.status.failed': '실패',
    'check.status.timed-out': '시간 초과',
    'check.status.error': '오류',
    'check.status.skipped': '건너뜀',
    'check.skippedNeeds': '아직 확인하지 않았습니다: 위의 확인이 통과하지 못했습니다.',
    'check.timedOut': '이 확인이 제시간에 끝나지 않았습니다.',
    'check.hints': '힌트',
    'check.hintsRevealed': '{total}개 중 {n}개 공개',
    'check.hintsLocked': '확인에 실패하면 여기에 힌트가 나타납니다.',
    'check.showSolution': '정답 보기',
    'check.solution': '정답',
    'check.solutionFailed': '정답을 표시하지 못했습니다.',

    'quiz.submit': '제출',
    'quiz.submitting': '제출 중…',
    'quiz.passed': '모두 정답입니다.',
    'quiz.failed': '아직 틀린 답이 있습니다. 다시 시도하세요.',
    'quiz.correct': '정답',
    'quiz.incorrect': '오답',
    'quiz.correctAnswer': '정답: {answer}',
    'quiz.error': '답을 제출하지 못했습니다.',

    'ws.starting': '실습 환경을 시작하는 중…',
    'ws.capacityTitle': 'Playground 사용량이 가득 찼습니다',
    'ws.capacityText': '지금은 모든 샌드박스가 사용 중입니다. 잠시 후 다시 시도하세요.',
    'ws.failedTitle': '실습 환경을 시작하지 못했습니다',
    'ws.countdownTitle': '이 세션의 남은 시간',
    'ws.countdownIdle': '활동이 없어 세션이 종료되기까지 남은 시간',
    'ws.warning': '{time} 후에 세션이 종료됩니다.',
    'ws.extend': '연장',
    'ws.extended': '세션이 연장되었습니다.',
    'ws.extendFailed': '세션을 연장하지 못했습니다.',
    'ws.endedTitle': '세션이 종료되었습니다',
    'ws.newSession': '새 세션 시작',
    'ws.reason.idle': '일정 시간 동안 활동이 없어 세션이 종료되었습니다.',
    'ws.reason.expired': '세션 사용 시간이 만료되었습니다.',
    'ws.reason.destroyed': '세션이 닫혔습니다.',
    'ws.reason.crashed': '샌드박스가 예기치 않게 중지되었습니다.',
    'ws.reason.out-of-memory': '샌드박스의 메모리가 부족하여 중지되었습니다.',
    'ws.reason.server-shutdown': 'Playground 서버가 종료되었습니다.',
    'ws.reason.unknown': '세션이 종료되었습니다.',
    'ws.endedNote': '이전 샌드박스의 파일은 사라졌지만 레슨 진행 상황은 그대로 남아 있습니다.',

    'env.unavailableTitle': '이 레슨의 실습 환경을 사용할 수 없습니다',
    'env.installHint': '설치 방법',

    'term.connecting': '연결 중…',
    'term.reconnecting': '다시 연결하는 중…',
    'term.connected': '연결됨',
    'term.ended': '세션 종료',
    'term.error': '터미널 오류',
    'term.denied': '터미널이 연결을 거부했습니다.',
    'term.replaced': '이 터미널은 다른 창에서 열려 있습니다. 여기를 클릭하면 이 창에서 사용합니다.',
    'term.tabs': '터미널',
  },
};

let current = 'en';

export function normalizeLanguage(value) {
  const short = String(value || '').toLowerCase().slice(0, 2);
  return LANGUAGES.includes(short) ? short : 'en';
}

export function setLanguage(language) {
  current = normalizeLanguage(language);
  document.documentElement.lang = current;
  return current;
}

export function getLanguage() {
  return current;
}

/** Translates a key; {name} placeholders are filled from params. Unknown keys fall back to English, then the key. */
export function t(key, params = {}) {
  const template = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** Human text for a workspace end reason (idle, expired, ...); unknown reasons keep their raw value visible. */
export function reasonText(reason) {
  const key = `ws.reason.${reason}`;
  if (STRINGS.en[key]) return t(key);
  return reason ? `${t('ws.reason.unknown')} (${reason})` : t('ws.reason.unknown');
}

/** Re-translates every element carrying data-i18n (text) or data-i18n-title / data-i18n-aria-label attributes. */
export function translatePage(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-title]')) element.title = t(element.dataset.i18nTitle);
  for (const element of root.querySelectorAll('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel));
  }
}
