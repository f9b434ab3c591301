#!/usr/bin/env bash
# Generate HLS test streams (TS, fMP4, byte-range, alternate audio) with ffmpeg.
# See demo/media/README.md for the layout. Run with --help for options.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

DURATION=20
OUT="$SCRIPT_DIR/fixtures"
# Video bitrates in kb/s for 240p, 360p, 480p. Kept low by default so the
# committed fixtures stay small; pass --bitrates 150,250,400 (or more) for demo streams.
BITRATES="60,96,150"
AUDIO_KBPS=24

SEG=2      # segment duration, seconds
FPS=25
GOP=$((SEG * FPS))
AUDIO_RATE=48000

usage() {
  cat <<EOF
Usage: demo/media/generate.sh [--duration SECONDS] [--out DIR] [--bitrates L,M,H] [--audio-bitrate K]

Generates HLS VOD test streams from an ffmpeg test pattern and sine tone:
  OUT/ts/         MPEG-TS segments, video+audio muxed
  OUT/fmp4/       fragmented MP4 (CMAF-style) segments with init.mp4
  OUT/byterange/  one MPEG-TS file per rendition, EXT-X-BYTERANGE segments
  OUT/audio/      video-only TS renditions + alternate audio group (en, fr)
Each packaging has master.m3u8 and three renditions: 240p, 360p, 480p.
H.264 constrained baseline + AAC-LC, ${FPS} fps, ${SEG} s segments, keyframe at each segment start.

Options:
  --duration SECONDS   stream length (integer, default ${DURATION}; a multiple of ${SEG} gives equal segments)
  --out DIR            output directory (default demo/media/fixtures). Its ts/, fmp4/,
                       byterange/ and audio/ subfolders are replaced.
  --bitrates L,M,H     video bitrates in kb/s for 240p,360p,480p (default ${BITRATES})
  --audio-bitrate K    AAC bitrate in kb/s, mono 48 kHz (default ${AUDIO_KBPS})
  -h, --help           show this help

Requires ffmpeg and ffprobe (Debian/Ubuntu: apt-get install ffmpeg).
EOF
}

die() { echo "generate.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) [ $# -ge 2 ] || die "--duration needs a value"; DURATION="$2"; shift 2 ;;
    --duration=*) DURATION="${1#*=}"; shift ;;
    --out) [ $# -ge 2 ] || die "--out needs a value"; OUT="$2"; shift 2 ;;
    --out=*) OUT="${1#*=}"; shift ;;
    --bitrates) [ $# -ge 2 ] || die "--bitrates needs a value"; BITRATES="$2"; shift 2 ;;
    --bitrates=*) BITRATES="${1#*=}"; shift ;;
    --audio-bitrate) [ $# -ge 2 ] || die "--audio-bitrate needs a value"; AUDIO_KBPS="$2"; shift 2 ;;
    --audio-bitrate=*) AUDIO_KBPS="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

[[ "$DURATION" =~ ^[0-9]+$ ]] && [ "$DURATION" -ge "$SEG" ] || die "--duration must be an integer >= ${SEG}"
[[ "$BITRATES" =~ ^[0-9]+,[0-9]+,[0-9]+$ ]] || die "--bitrates must look like 64,100,160"
[[ "$AUDIO_KBPS" =~ ^[0-9]+$ ]] || die "--audio-bitrate must be an integer (kb/s)"
if [ $((DURATION % SEG)) -ne 0 ]; then
  echo "generate.sh: note: duration ${DURATION} is not a multiple of ${SEG}; the last segment will be shorter" >&2
fi

for tool in ffmpeg ffprobe; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool not found. Install it first, e.g. on Debian/Ubuntu: sudo apt-get install ffmpeg"
done

IFS=, read -r KBPS_240 KBPS_360 KBPS_480 <<<"$BITRATES"

NAMES=(240p 360p 480p)
declare -A SIZE=([240p]=426x240 [360p]=640x360 [480p]=854x480)
declare -A KBPS=([240p]=$KBPS_240 [360p]=$KBPS_360 [480p]=$KBPS_480)
declare -A COLOR=([240p]=0xC0392B [360p]=0x27AE60 [480p]=0x2E86C1)
declare -A FONTSIZE=([240p]=18 [360p]=26 [480p]=34)

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/peerlane-media.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Single-threaded x264 (its multi-threaded rate control depends on timing) plus bitexact flags:
# reruns give identical bytes for a given ffmpeg/x264 build.
FF=(ffmpeg -hide_banner -nostdin -loglevel error -y)
BITEXACT=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1 -map_chapters -1)

# --- 1. Encode the elementary streams once --------------------------------------------------

# drawtext needs ffmpeg built with libfreetype and a font fontconfig can find; fall back to a bare pattern.
HAVE_DRAWTEXT=0
if "${FF[@]}" -f lavfi -i "testsrc2=s=64x64:r=1:d=1" \
    -vf "drawtext=text='x %{pts\:hms}':fontsize=10" -f null - >/dev/null 2>&1; then
  HAVE_DRAWTEXT=1
else
  echo "generate.sh: note: drawtext unavailable (no libfreetype or no font); rendering without labels" >&2
fi

# AAC frames are 1024 samples: trim the tone to a whole number of frames (just under DURATION),
# otherwise the encoder pads a last frame past the end and the audio-only playlists get a
# stray 21 ms eleventh segment.
AUDIO_SAMPLES=$(( DURATION * AUDIO_RATE / 1024 * 1024 ))

encode_audio() { # lang freq
  echo "encoding audio $1 (${2} Hz)"
  # beep_factor: a higher-pitched beep at the start of every second (handy for A/V sync checks)
  "${FF[@]}" -f lavfi -i "sine=frequency=$2:beep_factor=2:sample_rate=${AUDIO_RATE}:duration=${DURATION}" \
    -af "atrim=end_sample=${AUDIO_SAMPLES}" \
    -c:a aac -profile:a aac_low -b:a "${AUDIO_KBPS}k" -ac 1 -ar "$AUDIO_RATE" \
    "${BITEXACT[@]}" "$WORK/$1.m4a"
}

encode_video() { # rendition
  local r="$1" size="${SIZE[$1]}" kbps="${KBPS[$1]}" vf="format=yuv420p"
  echo "encoding video $r ($size, ${kbps} kb/s)"
  if [ "$HAVE_DRAWTEXT" = 1 ]; then
    local fs="${FONTSIZE[$r]}"
    vf="drawtext=text='Peerlane ${r}':fontsize=${fs}:fontcolor=white:box=1:boxcolor=${COLOR[$r]}@0.9:boxborderw=6:x=10:y=10"
    # Whole seconds and segment index only: text that changes every frame smears at these bitrates.
    vf+=",drawtext=text='t %{eif\:floor(t)\:d\:2}s   seg %{eif\:floor(t/${SEG})\:d\:3}':fontsize=${fs}:fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=6:x=10:y=h-th-16"
    vf+=",format=yuv420p"
  fi
  "${FF[@]}" -f lavfi -i "testsrc2=s=${size}:r=${FPS}:d=${DURATION}" -vf "$vf" \
    -c:v libx264 -preset medium -profile:v baseline -level:v 3.0 -pix_fmt yuv420p \
    -b:v "${kbps}k" -maxrate "$((kbps * 11 / 10))k" -bufsize "$((kbps * 2))k" \
    -g "$GOP" -keyint_min "$GOP" -sc_threshold 0 -force_key_frames "expr:eq(mod(n,${GOP}),0)" \
    -threads 1 -x264-params "open-gop=0" \
    "${BITEXACT[@]}" -an "$WORK/$r.mp4"
}

encode_audio en 440
encode_audio fr 660
for r in "${NAMES[@]}"; do encode_video "$r"; done

# --- 2. Codec strings from the actual streams ---------------------------------------------

# avc1.PPCCLL from the avcC record (profile, constraint flags, level).
avc_codec() {
  local hex
  hex="$(ffprobe -v error -select_streams v:0 -show_streams -show_data "$1" |
    awk '/^extradata=/{getline; print $2 $3; exit}')"
  [ "${hex:0:2}" = "01" ] || die "cannot read avcC from $1"
  echo "avc1.${hex:2:6}"
}

aac_codec() {
  local profile
  profile="$(ffprobe -v error -select_streams a:0 -show_entries stream=profile -of default=nw=1:nk=1 "$1")"
  case "$profile" in
    LC) echo "mp4a.40.2" ;;
    HE-AAC) echo "mp4a.40.5" ;;
    HE-AACv2) echo "mp4a.40.29" ;;
    *) die "unexpected AAC profile '$profile' in $1" ;;
  esac
}

declare -A VCODEC
for r in "${NAMES[@]}"; do VCODEC[$r]="$(avc_codec "$WORK/$r.mp4")"; done
ACODEC="$(aac_codec "$WORK/en.m4a")"

# --- 3. Package by remuxing -----------------------------------------------------------------

for p in ts fmp4 byterange audio; do rm -rf "${OUT:?}/$p"; done

# The AAC encoder primes with one frame (pts -1024/48000 s); muxed outputs shift every stream by
# that so audio starts at 0. Shift the video-only renditions of audio/ by the same amount so
# they line up with the alternate audio (and with ts/).
PRIMING="$(ffprobe -v error -select_streams a:0 -show_entries packet=pts_time -of csv=p=0 \
  -read_intervals "%+#1" "$WORK/en.m4a" | awk -F, 'NR==1{t=-$1; print (t>0 ? t : 0)}')"

HLS_COMMON=(-f hls -hls_time "$SEG" -hls_playlist_type vod -hls_list_size 0
  -hls_flags independent_segments -start_number 0)

hls() { # dir, then ffmpeg input/map/format args; runs in dir so playlist URIs are relative
  local dir="$1"; shift
  mkdir -p "$dir"
  (cd "$dir" && "${FF[@]}" "$@")
}

for r in "${NAMES[@]}"; do
  echo "packaging $r"
  av=(-i "$WORK/$r.mp4" -i "$WORK/en.m4a" -map 0:v:0 -map 1:a:0 -c copy "${BITEXACT[@]}")
  hls "$OUT/ts/$r" "${av[@]}" "${HLS_COMMON[@]}" -hls_segment_type mpegts \
    -hls_segment_filename 'seg-%03d.ts' index.m3u8
  hls "$OUT/fmp4/$r" "${av[@]}" "${HLS_COMMON[@]}" -hls_segment_type fmp4 \
    -hls_fmp4_init_filename init.mp4 -hls_segment_filename 'seg-%03d.m4s' index.m3u8
  hls "$OUT/byterange/$r" "${av[@]}" "${HLS_COMMON[@]}" -hls_segment_type mpegts \
    -hls_flags independent_segments+single_file -hls_segment_filename media.ts index.m3u8
  hls "$OUT/audio/$r" -i "$WORK/$r.mp4" -map 0:v:0 -c copy "${BITEXACT[@]}" -output_ts_offset "$PRIMING" "${HLS_COMMON[@]}" \
    -hls_segment_type mpegts -hls_segment_filename 'seg-%03d.ts' index.m3u8
done
for lang in en fr; do
  echo "packaging audio $lang"
  hls "$OUT/audio/$lang" -i "$WORK/$lang.m4a" -map 0:a:0 -c copy "${BITEXACT[@]}" "${HLS_COMMON[@]}" \
    -hls_segment_type mpegts -hls_segment_filename 'seg-%03d.ts' index.m3u8
done

# Audio-only segments are ~2.005 s (AAC frames are 1024 samples); the spec wants
# TARGETDURATION = max EXTINF rounded to nearest, i.e. 2. Some ffmpeg versions round up (3).
for pl in "$OUT"/*/*/index.m3u8; do
  maxd="$(awk -F'[:,]' '/^#EXTINF:/{d=$2+0; if (d>m) m=d} END{printf "%d", m+0.5}' "$pl")"
  sed -i "s/^#EXT-X-TARGETDURATION:.*/#EXT-X-TARGETDURATION:${maxd}/" "$pl"
done

# --- 4. Master playlists ---------------------------------------------------------------------

# Prints "PEAK AVERAGE" in bits/s for a media playlist (segments only, init excluded).
bandwidth() {
  local pl="$1" dir
  dir="$(dirname "$pl")"
  local dur="" len="" line size
  local -a durs=() sizes=()
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    case "$line" in
      '#EXTINF:'*) dur="${line#\#EXTINF:}"; dur="${dur%%,*}" ;;
      '#EXT-X-BYTERANGE:'*) len="${line#\#EXT-X-BYTERANGE:}"; len="${len%%@*}" ;;
      '#'* | '') ;;
      *)
        if [ -n "$len" ]; then size="$len"; else size="$(stat -c %s "$dir/$line")"; fi
        durs+=("$dur"); sizes+=("$size"); dur=""; len="" ;;
    esac
  done <"$pl"
  paste <(printf '%s\n' "${durs[@]}") <(printf '%s\n' "${sizes[@]}") |
    awk '{ b = $2 * 8 / $1; if (b > peak) peak = b; tb += $2 * 8; td += $1 }
         END { printf "%d %d\n", peak + 0.999, tb / td + 0.999 }'
}

write_master() { # packaging, with_audio_group(0|1)
  local p="$1" alt="$2" m="$OUT/$1/master.m3u8"
  local apeak=0 aavg=0 lang peak avg codecs
  {
    echo "#EXTM3U"
    if [ "$p" = fmp4 ]; then echo "#EXT-X-VERSION:7"; else echo "#EXT-X-VERSION:6"; fi
    echo "#EXT-X-INDEPENDENT-SEGMENTS"
    echo
    if [ "$alt" = 1 ]; then
      for lang in en fr; do
        read -r peak avg < <(bandwidth "$OUT/$p/$lang/index.m3u8")
        [ "$peak" -gt "$apeak" ] && apeak="$peak"
        [ "$avg" -gt "$aavg" ] && aavg="$avg"
      done
      echo "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"1\",URI=\"en/index.m3u8\""
      echo "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"Français\",LANGUAGE=\"fr\",DEFAULT=NO,AUTOSELECT=YES,CHANNELS=\"1\",URI=\"fr/index.m3u8\""
      echo
    fi
    for r in "${NAMES[@]}"; do
      read -r peak avg < <(bandwidth "$OUT/$p/$r/index.m3u8")
      codecs="${VCODEC[$r]},${ACODEC}"
      local attrs="BANDWIDTH=$((peak + apeak)),AVERAGE-BANDWIDTH=$((avg + aavg)),RESOLUTION=${SIZE[$r]},FRAME-RATE=${FPS}.000,CODECS=\"${codecs}\""
      [ "$alt" = 1 ] && attrs+=",AUDIO=\"aud\""
      echo "#EXT-X-STREAM-INF:${attrs}"
      echo "$r/index.m3u8"
    done
  } >"$m"
}

write_master ts 0
write_master fmp4 0
write_master byterange 0
write_master audio 1

echo "done: $OUT ($(du -sh "$OUT" | cut -f1))"
echo "codecs: $(for r in "${NAMES[@]}"; do printf '%s=%s ' "$r" "${VCODEC[$r]}"; done)audio=${ACODEC}"
