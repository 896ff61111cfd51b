// What the user is doing: selection, the open dialog, errors next to the things they touched,
// and the animation controls (pause freezes the drawing, never the broker).
import type { Slice, UiSlice } from './types';

export const createUiSlice: Slice<UiSlice> = () => (set, get) => ({
  selection: null,
  dialog: null,
  errors: {},
  notice: null,
  welcomeOpen: false,
  openLesson: null,
  paused: false,
  speed: 1,
  status: 'connecting',
  palette: null,
  select: (selection) => set({ selection }),
  openDialog: (dialog) => {
    // a fresh dialog starts without the last one's error
    const { dialog: _old, ...errors } = get().errors;
    set({ dialog, errors });
  },
  setError(target, message) {
    const errors = { ...get().errors };
    if (message === null) delete errors[target];
    else errors[target] = message;
    set({ errors });
  },
  setNotice: (notice) => set({ notice }),
  setWelcomeOpen: (welcomeOpen) => set({ welcomeOpen }),
  setOpenLesson: (openLesson) => set({ openLesson }),
  setPaused: (paused) => set({ paused }),
  setSpeed: (speed) => set({ speed: Math.min(2, Math.max(0.1, speed)) }),
  setStatus: (status) => set({ status }),
  setPalette: (palette) => set({ palette }),
});
