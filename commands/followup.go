package commands

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/internal/corpctx"
)

// After a meeting, its recording and AI notes take a while to be ready.
// The watcher looks for them on its own clock: first one interval after
// the end, then at doubling gaps up to followMaxGap intervals, for at most
// followGiveUp; what it finds is posted in the meeting's chats, and when
// it gives up it says so.

// Kinds of follow-up.
const (
	followRecording = "recording"
	followNotes     = "notes"
)

// followUp is one recording or set of notes to look for.
type followUp struct {
	Corp    string      `json:"corp"`
	Meeting string      `json:"meeting"`
	Title   string      `json:"title"`
	Kind    string      `json:"kind"`
	Reader  string      `json:"reader"` // unionId DingTalk lets read it: the owner, else the host
	Chats   []chatEntry `json:"chats"`
	Langs   []Lang      `json:"langs"` // per chat
	Ended   time.Time   `json:"ended"`
	Next    time.Time   `json:"next"` // the next look: one interval after the end, then Gap intervals later
	Gap     int         `json:"gap"`  // intervals from the next look to the one after, doubling up to followMaxGap
}

func followKey(corp, meetingID, kind string) string {
	return "followup:" + corp + ":" + meetingID + ":" + kind
}

// expect records what will follow meeting m (a recording, notes) for the
// watcher to look for.
func (r *Registry) expect(ctx context.Context, corp string, m Meeting, chats []boundChat) {
	for _, k := range []struct {
		kind   string
		status int
		reader string
	}{{followRecording, m.Recording, m.RecordingOwner}, {followNotes, m.Notes, m.NotesOwner}} {
		if k.status == 0 {
			continue
		}
		f := followUp{Corp: corp, Meeting: m.ID, Title: m.Title, Kind: k.kind, Reader: firstNonEmpty(k.reader, m.HostUnionID, hostOf(r.st.cachedMembers(corp, m.ID))),
			Ended: r.now(), Next: r.now().Add(r.watchInterval()), Gap: 1}
		for _, ch := range chats {
			f.Chats = append(f.Chats, chatEntry{Chat: ch.ChatID, Kind: ch.Kind, User: ch.UserID})
			f.Langs = append(f.Langs, firstNonEmptyLang(ch.b.Lang))
		}
		key := followKey(corp, m.ID, k.kind)
		err := r.st.setJSON(ctx, key, f, followGiveUp+24*time.Hour)
		if err == nil {
			err = r.st.kv.Push(ctx, r.followIndexKey(), []byte(key), followKeep, followGiveUp+24*time.Hour)
		}
		if err != nil {
			zerolog.Ctx(ctx).Warn().Err(err).Str("meeting_id", m.ID).Str("kind", k.kind).Msg("watch: will not look for it")
		}
	}
}

// hostOf is the host's unionId in list, "" when it names none.
func hostOf(list []Member) string {
	for _, m := range list {
		if m.Host {
			return m.UnionID
		}
	}
	return ""
}

func firstNonEmptyLang(l Lang) Lang {
	if l == "" {
		return English
	}
	return l
}

// Text of what follows a meeting.
var (
	msgRecordingReady = Text{"The recording of %s is ready: %s", "%s的云录制已就绪：%s"}
	msgRecordingLink  = Text{"[play](%s)", "[播放](%s)"}
	msgRecordingGone  = Text{"The recording of %s was not ready within 3 hours, so I stopped looking — the host finds it in DingTalk under Meetings → Cloud recordings.", "%s的云录制 3 小时内未处理完成，机器人已停止等待。主持人可在钉钉“会议 → 云录制”中查看。"}
	msgNotesReady     = Text{"AI notes of %s:", "%s的闪记："}
	msgNotesActions   = Text{"Action items:", "待办事项："}
	msgNotesKeywords  = Text{"Keywords: %s", "关键词：%s"}
	msgNotesGone      = Text{"The AI notes of %s were not ready within 3 hours, so I stopped looking — the host finds them in DingTalk.", "%s的闪记 3 小时内未处理完成，机器人已停止等待。主持人可在钉钉中查看。"}
	msgNotesOff       = Text{"AI notes are not enabled for your organisation, so there are none for %s — an admin can turn on 闪记 in DingTalk.", "本组织未开通闪记，%s没有闪记。管理员可在钉钉中开通。"}
)

// maxPost bounds a post: a DingTalk markdown message holds about 5,000
// characters; the notes are trimmed to fit with room to spare.
const maxPost = 3500

// followUps looks for the recordings and notes that are due.
func (r *Registry) followUps(ctx context.Context, interval time.Duration, rep *WatchReport) error {
	raw, err := r.st.kv.Last(ctx, r.followIndexKey(), followKeep)
	if err != nil {
		return fmt.Errorf("follow-up index: %w", err)
	}
	var first error
	seen := map[string]bool{}
	for _, b := range raw {
		key := string(b)
		if seen[key] {
			continue
		}
		seen[key] = true
		var f followUp
		if ok, err := r.st.getJSON(ctx, key, &f); err != nil || !ok || r.now().Before(f.Next) {
			continue
		}
		rep.FollowUps++
		if err := r.lookFor(corpctx.With(ctx, f.Corp), key, f, interval, rep); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// lookFor looks once for a follow-up: posts it when ready, says so when
// it gives up, and otherwise sets the next look.
func (r *Registry) lookFor(ctx context.Context, key string, f followUp, interval time.Duration, rep *WatchReport) error {
	text, err := r.ready(ctx, f)
	switch {
	case errors.Is(err, ErrNotesOff):
		text = func(l Lang) string { return msgNotesOff.In(l, meetingName(l, f.Title)) }
	case err != nil && !errors.Is(err, ErrRejected):
		return fmt.Errorf("%s of %s: %w", f.Kind, f.Meeting, err)
	}
	if text == nil && r.now().Sub(f.Ended) >= followGiveUp {
		gone := msgRecordingGone
		if f.Kind == followNotes {
			gone = msgNotesGone
		}
		text = func(l Lang) string { return gone.In(l, meetingName(l, f.Title)) }
	}
	if text == nil {
		f.Next = r.now().Add(time.Duration(f.Gap) * interval)
		f.Gap = min(f.Gap*2, followMaxGap)
		return r.st.setJSON(ctx, key, f, followGiveUp+24*time.Hour)
	}
	var failed error
	for i, ch := range f.Chats {
		lang := English
		if i < len(f.Langs) {
			lang = f.Langs[i]
		}
		chat := Chat{CorpID: f.Corp, ChatID: ch.Chat, Kind: firstNonZero(ch.Kind, Group), UserID: ch.User}
		posted, err := r.post(ctx, chat, f.Kind+":"+f.Meeting, text(lang))
		if posted {
			rep.Posted++
		}
		failed = cmp.Or(failed, err)
	}
	if failed != nil { // kept: the next round posts to the chats not told yet
		return fmt.Errorf("post %s of %s: %w", f.Kind, f.Meeting, failed)
	}
	return r.st.kv.Delete(ctx, key)
}

// ready returns the message of a follow-up that is ready, per language;
// nil while it is not.
func (r *Registry) ready(ctx context.Context, f followUp) (func(Lang) string, error) {
	if f.Kind == followRecording {
		recs, err := r.conf.Recordings(ctx, f.Meeting, f.Reader)
		if err != nil || len(recs) == 0 {
			return nil, err
		}
		var links []string
		for _, rec := range recs {
			u, err := r.conf.PlayURL(ctx, f.Meeting, f.Reader, rec)
			if err != nil {
				return nil, err
			}
			if u != "" {
				links = append(links, u)
			}
		}
		if len(links) == 0 {
			return nil, nil
		}
		return func(l Lang) string {
			parts := make([]string, len(links))
			for i, u := range links {
				parts[i] = msgRecordingLink.In(l, u)
			}
			return msgRecordingReady.In(l, meetingName(l, f.Title), strings.Join(parts, " · "))
		}, nil
	}
	n, err := r.conf.NotesSummary(ctx, f.Meeting, f.Reader)
	if err != nil || !n.Ready {
		return nil, err
	}
	return func(l Lang) string { return notesText(l, f.Title, n) }, nil
}

// notesText renders AI notes: the summary, the action items as a list,
// the keywords; trimmed to one message.
func notesText(l Lang, title string, n Notes) string {
	lines := []string{msgNotesReady.In(l, meetingName(l, title))}
	if p := strings.TrimSpace(n.Paragraph); p != "" {
		lines = append(lines, inertN(p, 1500))
	}
	if len(n.Actions) > 0 {
		lines = append(lines, msgNotesActions.In(l))
		for _, a := range n.Actions {
			lines = append(lines, "- "+inertN(a, 300))
		}
	}
	if len(n.Keywords) > 0 {
		kw := make([]string, len(n.Keywords))
		for i, k := range n.Keywords {
			kw[i] = Inert(k)
		}
		lines = append(lines, msgNotesKeywords.In(l, joinItems(l, kw)))
	}
	return trimPost(strings.Join(lines, "\n"))
}

// trimPost cuts text to maxPost bytes at a line or rune boundary, marking
// the cut.
func trimPost(text string) string {
	if len(text) <= maxPost {
		return text
	}
	cut := text[:maxPost]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	if i := strings.LastIndexByte(cut, '\n'); i > maxPost/2 {
		cut = cut[:i]
	}
	return cut + "\n…"
}
