# bash completion for bondsim(1): options, commands, scenario files, and
# the values some options take (hash policies, bonding option names).
#
# The options come from the command itself ("bondsim --help-all", "bondsim
# hash --help"), so the completion never offers one it does not take.
# Installed by "make install" into PREFIX/share/bash-completion/completions/.

# The long options a --help text lists.
_bondsim_help_options()
{
	"$@" 2>/dev/null | sed -n 's/^ \{1,\}\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z0-9][a-z0-9-]*\).*/\2/p'
}

# Files ending in .ini, and folders to walk into.
_bondsim_scenarios()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY+=($(compgen -d -- "$1") $(compgen -f -X '!*.ini' -- "$1"))
}

_bondsim()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= bin=${COMP_WORDS[0]}
	local IFS=$' \t\n'

	COMPREPLY=()
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
	# "--out=DIR": bash splits the word at '='
	if [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	elif [ "$cur" = "=" ]; then
		prev=${COMP_WORDS[COMP_CWORD-1]} cur=
	fi
	case ${COMP_WORDS[1]-} in
	hash | options | list-metrics) [ "$COMP_CWORD" -gt 1 ] && cmd=${COMP_WORDS[1]} ;;
	esac

	case $cmd in
	hash)
		case $prev in
		-p | --policy)
			COMPREPLY=($(compgen -W 'layer2 layer3+4 layer2+3 encap2+3 encap3+4 vlan+srcmac' -- "$cur"))
			return ;;
		--proto)
			COMPREPLY=($(compgen -W 'udp tcp icmp' -- "$cur"))
			return ;;
		--frames)
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
			return ;;
		-n | --slaves | -f | --frame | --smac | --dmac | --ethertype | --tag | --vlan | --vlan-prio | \
		--src | --dst | --sport | --dport | --icmp-type | --icmp-id | --skb-hash)
			return ;;
		esac
		COMPREPLY=($(compgen -W "$(_bondsim_help_options "$bin" hash --help)" -- "$cur"))
		return ;;
	options)
		# --explain SCENARIO.ini, or --explain --format FORMAT FILE...
		if [ "$prev" = "--format" ]; then
			COMPREPLY=($(compgen -W "$("$bin" options --help 2>/dev/null |
				sed -n '/--format/{n;s/,//g;p;}')" -- "$cur"))
		elif [ "${COMP_WORDS[2]-}" = "--explain" ] && [ "$COMP_CWORD" -gt 2 ]; then
			if [[ $cur == -* ]]; then
				COMPREPLY=($(compgen -W '--format' -- "$cur"))
			else
				compopt -o filenames 2>/dev/null
				COMPREPLY=($(compgen -f -- "$cur"))
			fi
		elif [ "$COMP_CWORD" -eq 2 ] && [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_bondsim_help_options "$bin" options --help)" -- "$cur"))
		elif [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "$("$bin" options 2>/dev/null | sed -n 's/^\([a-z][a-z0-9_]*\)\( (.*)\)\{0,1\}$/\1/p')" -- "$cur"))
		fi
		return ;;
	esac

	# a scenario run (or list-metrics): the values of options first
	case $prev in
	-o | --out)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-j | --json | --junit)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-s | --seed | -r | --runs | --seeds | -d | --duration | --pcap-links | --pcap-snaplen | \
	--pcap-max | --max-events | --max-wall)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_bondsim_help_options "$bin" --help-all)" -- "$cur"))
		return
	fi
	[ "$COMP_CWORD" -eq 1 ] && COMPREPLY=($(compgen -W 'hash options list-metrics' -- "$cur"))
	_bondsim_scenarios "$cur"
}

complete -F _bondsim bondsim
