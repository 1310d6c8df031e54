package commands

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// This file builds the meeting control card's variables from meeting
// state: a pure function, covered by golden files in testdata/. The
// variable names match the template in cardtemplate/meeting-control.json.

// Card is a meeting control card for the bot to deliver into the chat of
// the request, or to update in place. Every value is a string, as
// DingTalk's card API wants.
type Card struct {
	// OutTrackID is the card instance id: stable per corp, chat and
	// meeting, so every update lands on the same card.
	OutTrackID string
	// Deliver is true when the card must be delivered into the request's
	// chat (created, or sent again); false updates the delivered card.
	Deliver bool
	// Params are the public variables (cardParamMap); nil leaves them as
	// they are. Updates change only the keys given.
	Params map[string]string
	// Private are per-user variables, keyed by the user id the click
	// carried (userId: cards are delivered with userIdType 1).
	Private map[string]map[string]string
	// Fallback is markdown to send instead when a card to deliver cannot
	// be: the card's content as commands, and why.
	Fallback string
}

// trackID is the card's outTrackId, "" for no card.
func (c *Card) trackID() string {
	if c == nil {
		return ""
	}
	return c.OutTrackID
}

// CardView is the meeting state a control card shows.
type CardView struct {
	Meeting   Meeting
	Members   []Member
	Spotlight Person // who is spotlighted; zero for nobody
	Muted     bool   // the bot last muted everyone
	// MutedPeople says whom the bot last muted (true) or unmuted (false)
	// one by one, by unionId.
	MutedPeople map[string]bool
	Locked      bool // the bot last locked the meeting
	Classroom   bool // the bot turned classroom mode on
	Recording   bool // the bot started the cloud recording
	Ended       bool
	Lang        Lang
}

// CardMaxMembers is how many members the card lists; the rest are counted
// as "and N more". Card messages have a size limit, and a long list is
// unusable on a phone anyway.
const CardMaxMembers = 20

// Card action ids: the "action" callback parameter of the template's
// buttons. They are the registry's command ids, so a click is routed like
// the typed command.
const (
	CardSpotlight     = "spotlight"
	CardSpotlightOff  = "spotlight.off"
	CardCoHostAdd     = "cohost.add"
	CardCoHostRemove  = "cohost.remove"
	CardMuteAll       = "mute.all"
	CardUnmuteAll     = "unmute.all"
	CardRefresh       = "meeting.panel"
	CardEnd           = "meeting.end"
	CardMute          = "mute"
	CardUnmute        = "unmute"
	CardRemove        = "remove"
	CardLock          = "lock"
	CardUnlock        = "unlock"
	CardClassroomOn   = "classroom.on"
	CardClassroomOff  = "classroom.off"
	CardRecordStart   = "record.start"
	CardRecordStop    = "record.stop"
	CardParamAction   = "action"  // callback parameter: the action id
	CardParamUnionID  = "unionId" // callback parameter: the member acted on
	CardParamConfirm  = "confirm" // callback parameter: "true" on the second End press
	CardPrivateResult = "result"  // private variable: the clicker's result line
	CardPrivateEnd    = "confirmEnd"
)

// Labels and lines on the card.
var (
	cardLabelSpotlight = Text{"Spotlight", "全员看他"}
	cardLabelStopSpot  = Text{"Stop spotlight", "取消全员看他"}
	cardLabelAddCo     = Text{"Make co-host", "设为联席主持人"}
	cardLabelRemoveCo  = Text{"Remove co-host", "取消联席主持人身份"}
	cardLabelMuteAll   = Text{"Mute all", "全员静音"}
	cardLabelUnmuteAll = Text{"Unmute all", "解除全员静音"}
	cardLabelMute      = Text{"Mute", "静音"}
	cardLabelUnmute    = Text{"Unmute", "解除静音"}
	cardLabelRemove    = Text{"Remove", "移出会议"}
	cardLabelLock      = Text{"Lock", "锁定会议"}
	cardLabelUnlock    = Text{"Unlock", "解锁会议"}
	cardLabelClassOn   = Text{"Classroom mode", "课堂模式"}
	cardLabelClassOff  = Text{"End classroom mode", "关闭课堂模式"}
	cardLabelRecord    = Text{"Record", "开始录制"}
	cardLabelStopRec   = Text{"Stop recording", "停止录制"}
	cardRecordingLine  = Text{"Recording in the cloud.", "云录制中。"}
	cardLockedLine     = Text{"The meeting is locked.", "会议已锁定。"}
	cardClassroomLine  = Text{"Classroom mode is on.", "课堂模式已开启。"}
	cardLabelRefresh   = Text{"Refresh", "刷新"}
	cardLabelEnd       = Text{"End meeting", "结束会议"}
	cardLabelConfirm   = Text{"Confirm: end for everyone", "确认结束会议"}
	cardLabelJoin      = Text{"Join the meeting", "加入会议"}
	cardRoleHost       = Text{"host", "主持人"}
	cardRoleCoHost     = Text{"co-host", "联席主持人"}
	cardRoleAway       = Text{"not joined", "未入会"}
	cardRoleFocus      = Text{"spotlighted", "全员看他"}
	cardMore           = Text{"and %d more", "等另外 %d 人"}
	cardMutedLine      = Text{"Everyone is muted.", "已全员静音。"}
	cardEndedLine      = Text{"This meeting has ended.", "会议已结束。"}
	cardMembersLine    = Text{"Members (%d):", "参会人（%d）："}
)

// cardMember is one entry of the card's "members" list variable.
type cardMember struct {
	UnionID         string `json:"unionId"`
	Nick            string `json:"nick"`
	Label           string `json:"label"` // nick plus role, e.g. "Carol · co-host"
	Role            string `json:"role"`  // host | cohost | member
	Present         bool   `json:"present"`
	Spotlighted     bool   `json:"spotlighted"`
	SpotlightAction string `json:"spotlightAction"`
	SpotlightLabel  string `json:"spotlightLabel"`
	CanSpotlight    bool   `json:"canSpotlight"`
	CoHostAction    string `json:"cohostAction"`
	CoHostLabel     string `json:"cohostLabel"`
	CanCoHost       bool   `json:"canCohost"` // false for the host
	MuteAction      string `json:"muteAction"`
	MuteLabel       string `json:"muteLabel"`
	CanMute         bool   `json:"canMute"`
	RemoveLabel     string `json:"removeLabel"`
	CanRemove       bool   `json:"canRemove"` // false for the host
}

// CardParams returns the public variables of the control card for v. It
// is pure: the same view always gives the same map.
func CardParams(v CardView) map[string]string {
	l := v.Lang
	host, cohosts := cardRoles(v)
	shown, more := orderMembers(v.Members)
	p := map[string]string{
		"lang":            string(l),
		"title":           plainName(l, v.Meeting.Title),
		"status":          "live",
		"live":            strconv.FormatBool(!v.Ended),
		"ended":           strconv.FormatBool(v.Ended),
		"statusText":      "",
		"roomCode":        v.Meeting.RoomCode,
		"roomLine":        "",
		"joinUrl":         v.Meeting.JoinURL,
		"joinLabel":       cardLabelJoin.In(l),
		"hasJoin":         strconv.FormatBool(v.Meeting.JoinURL != "" && !v.Ended),
		"host":            host,
		"hostLine":        msgHostLine.In(l, orDash(host)),
		"spotlight":       spotName(v),
		"spotlightLine":   msgFocusLine.In(l, firstNonEmpty(spotName(v), msgOff.In(l))),
		"coHosts":         jsonText(cohosts),
		"coHostsLine":     msgCoHostsLine.In(l, firstNonEmpty(joinNames(l, cohosts), msgNone.In(l))),
		"muted":           strconv.FormatBool(v.Muted),
		"mutedLine":       "",
		"members":         jsonText(cardMembers(v, shown)),
		"membersLine":     cardMembersLine.In(l, len(v.Members)),
		"memberCount":     strconv.Itoa(len(v.Members)),
		"moreCount":       strconv.Itoa(more),
		"moreText":        "",
		"hasMore":         strconv.FormatBool(more > 0),
		"lockAction":      CardLock,
		"lockLabel":       cardLabelLock.In(l),
		"lockedLine":      "",
		"classroomAction": CardClassroomOn,
		"classroomLabel":  cardLabelClassOn.In(l),
		"classroomLine":   "",
		"recordAction":    CardRecordStart,
		"recordLabel":     cardLabelRecord.In(l),
		"recordingLine":   "",
	}
	for k, t := range cardButtonLabels {
		p[k] = t.In(l)
	}
	cardLines(p, v, more)
	return p
}

// cardButtonLabels are the labels of the buttons below the member list.
var cardButtonLabels = map[string]Text{"muteAllLabel": cardLabelMuteAll, "unmuteAllLabel": cardLabelUnmuteAll,
	"refreshLabel": cardLabelRefresh, "endLabel": cardLabelEnd, "confirmLabel": cardLabelConfirm}

// cardLines fills the lines that are empty unless there is something to say.
func cardLines(p map[string]string, v CardView, more int) {
	l := v.Lang
	if v.Meeting.RoomCode != "" {
		p["roomLine"] = strings.ReplaceAll(msgRoomLine.In(l, spacedCode(v.Meeting.RoomCode)), "`", "")
	}
	if more > 0 {
		p["moreText"] = cardMore.In(l, more)
	}
	if v.Muted && !v.Ended {
		p["mutedLine"] = cardMutedLine.In(l)
	}
	if v.Locked && !v.Ended {
		p["lockAction"], p["lockLabel"], p["lockedLine"] = CardUnlock, cardLabelUnlock.In(l), cardLockedLine.In(l)
	}
	if v.Classroom && !v.Ended {
		p["classroomAction"], p["classroomLabel"], p["classroomLine"] = CardClassroomOff, cardLabelClassOff.In(l), cardClassroomLine.In(l)
	}
	if v.Recording && !v.Ended {
		p["recordAction"], p["recordLabel"], p["recordingLine"] = CardRecordStop, cardLabelStopRec.In(l), cardRecordingLine.In(l)
	}
	if v.Ended {
		p["status"], p["statusText"] = "ended", cardEndedLine.In(l)
	}
}

// cardRoles returns the host's nick and the co-hosts' nicks.
func cardRoles(v CardView) (string, []string) {
	host := v.Meeting.HostName
	cohosts := []string{}
	for _, m := range v.Members {
		switch {
		case m.Host && host == "":
			host = m.Nick
		case m.CoHost && !m.Host:
			cohosts = append(cohosts, Inert(m.Nick))
		}
	}
	return Inert(host), cohosts
}

// orderMembers returns the members the card lists, in rankMembers' order,
// at most CardMaxMembers of them, and how many were left out. Removed
// members have no row.
func orderMembers(list []Member) ([]Member, int) {
	out := rankMembers(list)
	out = slices.DeleteFunc(out, func(m Member) bool { return m.State == StateRemoved })
	if len(out) > CardMaxMembers {
		return out[:CardMaxMembers], len(out) - CardMaxMembers
	}
	return out, 0
}

// rankMembers orders members host first, then co-hosts, then those
// present, then the rest (each group in its given order).
func rankMembers(list []Member) []Member {
	rank := func(m Member) int {
		switch {
		case m.Host:
			return 0
		case m.CoHost:
			return 1
		case m.Present:
			return 2
		}
		return 3
	}
	out := make([]Member, 0, len(list))
	for r := 0; r <= 3; r++ {
		for _, m := range list {
			if rank(m) == r {
				out = append(out, m)
			}
		}
	}
	return out
}

// cardMembers renders the listed members with their buttons.
func cardMembers(v CardView, shown []Member) []cardMember {
	l := v.Lang
	out := make([]cardMember, 0, len(shown))
	for _, m := range shown {
		spot := m.UnionID != "" && m.UnionID == v.Spotlight.UnionID
		cm := cardMember{UnionID: m.UnionID, Nick: Inert(m.Nick), Role: "member", Present: m.Present, Spotlighted: spot,
			SpotlightAction: CardSpotlight, SpotlightLabel: cardLabelSpotlight.In(l), CanSpotlight: m.Present && !v.Ended,
			CoHostAction: CardCoHostAdd, CoHostLabel: cardLabelAddCo.In(l), CanCoHost: !m.Host && !v.Ended,
			MuteAction: CardMute, MuteLabel: cardLabelMute.In(l), CanMute: m.Present && !v.Ended,
			RemoveLabel: cardLabelRemove.In(l), CanRemove: m.Present && !m.Host && !v.Ended}
		if muted, ok := v.MutedPeople[m.UnionID]; (ok && muted) || (!ok && v.Muted && !m.Host && !m.CoHost) {
			cm.MuteAction, cm.MuteLabel = CardUnmute, cardLabelUnmute.In(l)
		}
		var tags []string
		switch {
		case m.Host:
			cm.Role = "host"
			tags = append(tags, cardRoleHost.In(l))
		case m.CoHost:
			cm.Role, cm.CoHostAction, cm.CoHostLabel = "cohost", CardCoHostRemove, cardLabelRemoveCo.In(l)
			tags = append(tags, cardRoleCoHost.In(l))
		}
		if spot {
			cm.SpotlightAction, cm.SpotlightLabel, cm.CanSpotlight = CardSpotlightOff, cardLabelStopSpot.In(l), !v.Ended
			tags = append(tags, cardRoleFocus.In(l))
		}
		if !m.Present {
			tags = append(tags, cardRoleAway.In(l))
		}
		cm.Label = strings.Join(append([]string{firstNonEmpty(cm.Nick, "?")}, tags...), " · ")
		out = append(out, cm)
	}
	return out
}

// spotName is the spotlighted person's name: from the member list when
// known there, else as recorded.
func spotName(v CardView) string {
	if i := indexMember(v.Members, v.Spotlight.UnionID); i >= 0 && v.Members[i].Nick != "" {
		return Inert(v.Members[i].Nick)
	}
	if v.Spotlight.UnionID == "" {
		return ""
	}
	return firstNonEmpty(Inert(v.Spotlight.Name), msgSomeone.In(v.Lang))
}

// plainName is a meeting's title for the card: data, no markdown.
func plainName(lang Lang, title string) string {
	if t := Inert(title); t != "" {
		return t
	}
	return msgPlainTitle.In(lang)
}

func joinNames(lang Lang, names []string) string { return joinList(lang, names) }

func orDash(s string) string { return firstNonEmpty(s, "—") }

// jsonText encodes a list variable: card variables are strings, so lists
// travel as JSON text.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil { // cannot happen for the plain structs used here
		return "[]"
	}
	return string(b)
}

// replyMarks are the markdown marks replies use.
var replyMarks = strings.NewReplacer("**", "", "`", "")

// plainText strips the markdown marks replies use, for card text.
func plainText(s string) string {
	return replyMarks.Replace(s)
}
