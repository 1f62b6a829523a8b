/** What a pause/play button controls: whether the page's stream runs, and how to start and stop it. */
export interface Playback {
  running(): boolean;
  play(): void;
  stop(): void;
}

/** Make `button` stop a running stream and start a stopped one; its label says what the next click does. */
export function pauseToggle(button: HTMLButtonElement, playback: Playback): void {
  button.addEventListener('click', () => {
    if (playback.running()) {
      playback.stop();
      button.textContent = 'play';
    } else {
      playback.play();
      button.textContent = 'pause';
    }
  });
}
