package when

import (
	"fmt"
	"time"
)

// zhWeekdayNames are the Chinese day names, Sunday first as time.Weekday.
var zhWeekdayNames = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// beijing are the names of the zone Chinese users call 北京时间.
var beijing = map[string]bool{"Asia/Shanghai": true, "Asia/Chongqing": true,
	"Asia/Chungking": true, "Asia/Harbin": true, "PRC": true}

// Format renders a start time for replies, in t's location and with
// that location's label (ZoneLabel), so nobody has to guess the zone:
//
//	Fri 11 Dec 15:00 (UTC+8)
//	12月11日（周五）15:00（北京时间）
//
// The year is shown only when it is not now's year (in t's location):
// Fri 1 Jan 2027 10:00. Chinese calls Asia/Shanghai 北京时间, as
// DingTalk does, and other zones by name.
func Format(t, now time.Time, zh bool) string {
	loc := t.Location()
	sameYear := t.Year() == now.In(loc).Year()
	if !zh {
		layout := "Mon 2 Jan 2006 15:04"
		if sameYear {
			layout = "Mon 2 Jan 15:04"
		}
		return fmt.Sprintf("%s (%s)", t.Format(layout), ZoneLabel(t, false))
	}
	zone := ZoneLabel(t, true)
	year := ""
	if !sameYear {
		year = fmt.Sprintf("%d年", t.Year())
	}
	return fmt.Sprintf("%s%d月%d日（%s）%s（%s）", year, t.Month(), t.Day(),
		zhWeekdayNames[t.Weekday()], t.Format("15:04"), zone)
}

// ZoneLabel names t's zone for people: 北京时间 (in English "UTC+8") for
// Beijing, as DingTalk says; the abbreviation for the machine's own zone
// ("Local" tells nobody anything); the zone's name otherwise.
func ZoneLabel(t time.Time, zh bool) string {
	loc := t.Location()
	switch name := loc.String(); {
	case beijing[name] && zh:
		return "北京时间"
	case beijing[name]:
		return "UTC+8"
	case name == "Local":
		return t.Format("MST")
	default:
		return name
	}
}

// FormatDuration renders a meeting's length in whole minutes: "1 h 30 min",
// "45 min", "2 h"; in Chinese "1 小时 30 分钟", "45 分钟", "2 小时".
func FormatDuration(d time.Duration, zh bool) string {
	hour, minute := "h", "min"
	if zh {
		hour, minute = "小时", "分钟"
	}
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	m := int64(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%s%d %s", sign, m, minute)
	case m%60 == 0:
		return fmt.Sprintf("%s%d %s", sign, m/60, hour)
	}
	return fmt.Sprintf("%s%d %s %d %s", sign, m/60, hour, m%60, minute)
}
