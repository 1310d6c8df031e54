// Package when reads the time people type when they book a meeting from
// chat, in English and in Chinese, and renders it back for replies.
//
// Parse reads a start at the beginning of a command's words, then
// optionally a duration or the end of a range; the words after that are
// the title and options:
//
//	tomorrow 10:00 45m Weekly sync   → tomorrow 10:00, 45 min, [Weekly sync]
//	明天下午3点到5点 评审               → tomorrow 15:00, 2 h, [评审]
//
// Format and FormatDuration say how a time was read, so the user can
// check it: "Fri 11 Dec 15:00 (Asia/Shanghai)", "12月11日（周五）15:00（北京时间）".
//
// # Why our own grammar
//
// No well-kept Go library reads both languages the way booking needs.
// olebedev/when v1.1.0 has Chinese rules, but it panics on input that
// starts with a Chinese character, reads 12/8 as 12 August and has no
// "in 1h30m". markusmobius/go-dateparser covers many languages but is
// 9 MB of source and brings go-git, a WebAssembly regexp engine and
// cobra, and neither reads a duration after the time. What we need is
// small: a few dozen words and numbers in two languages. So this package
// is a hand-written grammar of ordered choices over the folded text
// (full-width digits and colons, any case, extra spaces), with no
// dependencies outside the standard library.
//
// # How times are read
//
//   - A clock time alone (9:30, 3pm, 下午3点) is its next occurrence:
//     today, or tomorrow once it has passed.
//   - A weekday alone (fri, 周五) is also the next occurrence of that day
//     and time: on a Friday morning, "fri 3pm" is today at 15:00, but
//     "fri 9am" at 11:00 is next Friday. This is what people mean when
//     they say 周五 on a Friday: today, if the meeting can still happen.
//   - next fri, 下周五 and 下个星期五 are that day of next week, and
//     this fri, 本周五 and 这周五 that day of this week. Weeks start on
//     Monday, as Chinese calendars do: said on a Wednesday,
//     下周一 is in 5 days and 下周五 in 9. The reply shows the date, so
//     an English "next fri" read this way can be checked.
//   - A date without a year (dec 8, 12/8, 12月8日) is this year's, or next
//     year's once the day has passed. A date's time that has passed today
//     is an error, not next year. 8号 is the 8th of this month, or of the
//     next month that has one once it has passed. Numeric dates put the month first: 12/8
//     is 8 December.
//   - An hour said with 点 or "at" and no part of the day (3点, at 3) is in
//     the afternoon from 1 to 6 (3点 is 15:00), since nobody books a
//     meeting at 3 a.m. by saying 3点; 凌晨3点 is 03:00. Times written as
//     on a clock (3:00) are 24-hour times.
//   - 12am is midnight, 12pm noon; 凌晨12点 is the midnight that starts
//     the day, 晚上12点 and 今晚12点 the one that ends it. 中午1点 is 13:00.
//   - in 10m and 10分钟后 are now plus that, cut to the minute.
//   - A duration may follow the time, after for, 时长 or 持续 if you
//     like: 30m, 1.5h, 1h30m, 45 min, 2 hours, 半小时, 一个半小时, 90分钟.
//     It must be more than 0 and at most MaxDuration. A range (10:00-11:00,
//     3pm to 4pm, 下午3点到5点) gives the duration as well; its end takes
//     the start's part of the day, and must come after the start the same
//     day.
//
// A time before now is an *Error of kind ErrPast that carries the time as
// read, so the reply can say what was understood. Days are counted on
// the calendar and instants built with time.Date in the configured
// location, never by adding 24 hours, so "tomorrow 10:00" is 10:00 local
// time across a daylight-saving change; a clock time that the change
// skips is ErrNoSuchTime.
//
// Not read, on purpose: numbers in English words (ten), midnight alone
// (which day?), next week or next month without a day, time zones in the
// phrase, and ranges across midnight.
package when
