/**
 * Which language a text is written in. The claim rules' word lists are English: a German or
 * Spanish article would only get noise ("die" is an article, not dying). franc-min (trigram
 * profiles of 82 languages, by the author of remark) guesses the language; a text is called
 * foreign only when it is long enough and English is clearly behind the winner.
 */
import { francAll } from 'franc-min';

export interface LanguageGuess {
  /** ISO 639-3 code ("eng", "deu", "spa"), or "und" when the text is too short to tell. */
  code: string;
  /** English name for messages ("German"). */
  name: string;
  /** True when the claim rules may run: English, or not confidently anything else. */
  english: boolean;
}

const NAMES: Record<string, string> = {
  eng: 'English', deu: 'German', spa: 'Spanish', fra: 'French', ita: 'Italian', por: 'Portuguese', nld: 'Dutch',
  pol: 'Polish', swe: 'Swedish', dan: 'Danish', nob: 'Norwegian', fin: 'Finnish', tur: 'Turkish', rus: 'Russian',
  ukr: 'Ukrainian', ces: 'Czech', hun: 'Hungarian', ron: 'Romanian', ell: 'Greek', cmn: 'Chinese', jpn: 'Japanese',
  kor: 'Korean', arb: 'Arabic', hin: 'Hindi', ind: 'Indonesian', vie: 'Vietnamese', tgl: 'Tagalog', sco: 'Scots',
};

/** Texts shorter than this (in letters) are not judged: short English passes for Scots or Dutch. */
export const MIN_LANGUAGE_SAMPLE = 160;

export function detectLanguage(text: string): LanguageGuess {
  const sample = text.replace(/https?:\/\/\S+|\S+@\S+|[\d#*_>|[\]()`~-]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 4000);
  const letters = sample.replace(/[^\p{L}]/gu, '').length;
  if (letters < MIN_LANGUAGE_SAMPLE) return { code: 'und', name: 'undetermined', english: true };
  const ranked = francAll(sample, { minLength: MIN_LANGUAGE_SAMPLE });
  const [top] = ranked;
  if (!top || top[0] === 'und') return { code: 'und', name: 'undetermined', english: true };
  const code = top[0];
  if (code === 'eng' || code === 'sco') return { code: 'eng', name: 'English', english: true };
  // Scores are relative to the winner (1.0): English close behind means mixed or unclear text.
  const english = ranked.find(([c]) => c === 'eng')?.[1] ?? 0;
  return { code, name: NAMES[code] ?? code, english: english >= 0.9 };
}
